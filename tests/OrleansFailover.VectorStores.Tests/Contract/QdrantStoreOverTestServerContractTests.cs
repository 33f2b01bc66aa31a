using OrleansFailover.VectorStores.Qdrant;

namespace OrleansFailover.VectorStores.Tests.Contract;

/// <summary>The contract through the real QdrantClient over gRPC, against the wire-compatible test server.</summary>
public sealed class QdrantStoreOverTestServerContractTests(QdrantTestServerFixture fixture)
    : VectorStoreContract, IClassFixture<QdrantTestServerFixture>
{
    protected override ValueTask<IVectorStore> OpenStoreAsync() =>
        ValueTask.FromResult<IVectorStore>(new QdrantVectorStore(new QdrantStoreOptions { Endpoint = fixture.Server.Endpoint }));
}
