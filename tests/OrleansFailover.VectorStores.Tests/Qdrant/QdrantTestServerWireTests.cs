using Grpc.Core;
using OrleansFailover.VectorStores.Tests.Contract;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace OrleansFailover.VectorStores.Tests.Qdrant;

/// <summary>
/// The test server spoken to with the bare QdrantClient: the wire details our store does not exercise
/// (the older Search RPC, the deprecated vector fields, Qdrant's status codes).
/// </summary>
public sealed class QdrantTestServerWireTests(QdrantTestServerFixture fixture) : IClassFixture<QdrantTestServerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_search_rpc_and_the_query_rpc_agree()
    {
        using var client = new QdrantClient(fixture.Server.Endpoint);
        var name = await CreateAsync(client);
        await client.UpsertAsync(name, [Point(1, [1, 0, 0]), Point(2, [0.5f, 0.5f, 0]), Point(3, [0, 0, 1])], cancellationToken: Cancel);

#pragma warning disable CS0618 // the Search RPC is deprecated in favour of Query, but clients still call it
        var searched = await client.SearchAsync(name, new float[] { 1, 0.2f, 0 }, limit: 3, vectorName: "v", cancellationToken: Cancel);
#pragma warning restore CS0618
        var queried = await client.QueryAsync(name, new float[] { 1, 0.2f, 0 }, usingVector: "v", limit: 3, cancellationToken: Cancel);

        Assert.Equal([1ul, 2ul, 3ul], searched.Select(p => p.Id.Num));
        Assert.Equal(searched.Select(p => (p.Id.Num, p.Score)), queried.Select(p => (p.Id.Num, p.Score)));
    }

    [Fact]
    public async Task Vectors_sent_in_the_deprecated_data_field_are_accepted_and_returned_in_the_new_field()
    {
        using var client = new QdrantClient(fixture.Server.Endpoint);
        var name = await CreateAsync(client);
#pragma warning disable CS0612, CS0618
        var legacy = new Vector();
        legacy.Data.AddRange([3f, 0f, 4f]);
#pragma warning restore CS0612, CS0618
        var point = new PointStruct { Id = 7, Vectors = new Vectors { Vectors_ = new NamedVectors { Vectors = { ["v"] = legacy } } } };

        await client.UpsertAsync(name, [point], cancellationToken: Cancel);
        var stored = Assert.Single(await client.RetrieveAsync(name, 7ul, withVectors: true, cancellationToken: Cancel));

        var output = stored.Vectors.Vectors.Vectors["v"];
        Assert.Equal(VectorOutput.VectorOneofCase.Dense, output.VectorCase);
        Assert.Equal([0.6f, 0f, 0.8f], output.Dense.Data);
    }

    [Fact]
    public async Task A_wrong_dimension_is_invalid_argument_and_a_missing_collection_not_found()
    {
        using var client = new QdrantClient(fixture.Server.Endpoint);
        var name = await CreateAsync(client);

        var wrongDimension = await Assert.ThrowsAsync<RpcException>(
            () => client.UpsertAsync(name, [Point(1, [1, 0])], cancellationToken: Cancel));
        var missing = await Assert.ThrowsAsync<RpcException>(
            () => client.GetCollectionInfoAsync(name + "-absent", Cancel));
        var exists = await Assert.ThrowsAsync<RpcException>(() => CreateAsync(client, name));

        Assert.Equal(StatusCode.InvalidArgument, wrongDimension.StatusCode);
        Assert.Contains("expected dim: 3, got 2", wrongDimension.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.AlreadyExists, exists.StatusCode);
    }

    private static PointStruct Point(ulong id, float[] vector) =>
        new() { Id = id, Vectors = new Dictionary<string, float[]> { ["v"] = vector } };

    private static async Task<string> CreateAsync(QdrantClient client, string? name = null)
    {
        name ??= "wire-" + Guid.NewGuid().ToString("N")[..8];
        await client.CreateCollectionAsync(
            name, new VectorParamsMap { Map = { ["v"] = new VectorParams { Size = 3, Distance = Distance.Cosine } } },
            cancellationToken: Cancel);
        return name;
    }
}
