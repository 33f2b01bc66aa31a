using OrleansFailover.Contracts;
using OrleansFailover.Testing;

namespace OrleansFailover.VectorStores.Tests.Contract;

public abstract partial class VectorStoreContract
{
    public static TheoryData<string, VectorPoint, string> BadPoints => new()
    {
        { "wrong dimension", TestPoints.Dense(2, "dense", [1, 2]), "dimension" },
        { "NaN", TestPoints.Dense(2, "dense", [1, float.NaN, 3]), "dense" },
        { "infinity", TestPoints.Dense(2, "dense", [1, float.PositiveInfinity, 3]), "dense" },
        { "unknown dense name", TestPoints.Dense(2, "nope", [1, 2, 3]), "nope" },
        { "sparse lengths differ", TestPoints.Sparse(2, "sparse", [1, 2, 3], [0.1f, 0.2f]), "sparse" },
        { "duplicate sparse index", TestPoints.Sparse(2, "sparse", [4, 4], [0.1f, 0.2f]), "sparse" },
        { "sparse NaN", TestPoints.Sparse(2, "sparse", [4, 5], [0.1f, float.NaN]), "sparse" },
    };

    [Theory]
    [MemberData(nameof(BadPoints))]
    public async Task A_batch_with_one_bad_point_is_refused_whole_and_changes_nothing(
        string problem, VectorPoint bad, string mentioned)
    {
        var name = await CreateAsync(TestPoints.HybridSchema(3, Distance.Dot));
        await Store.UpsertAsync(name, [TestPoints.Dense(2, "dense", [9, 9, 9])], Cancel);
        var good = TestPoints.Dense(1, "dense", [1, 2, 3]);

        var error = await Assert.ThrowsAsync<VectorStoreException>(() => Store.UpsertAsync(name, [good, bad], Cancel));

        Assert.True(error.Kind == VectorStoreErrorKind.InvalidArgument, $"{problem}: {error.Kind} {error.Message}");
        Assert.Contains(mentioned, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await Store.CountAsync(name, cancellationToken: Cancel));
        var untouched = Assert.Single(await Store.GetAsync(name, [PointId.FromNumber(2)], cancellationToken: Cancel));
        Assert.Equal([9f, 9f, 9f], untouched.Dense["dense"]);
    }

    [Fact]
    public async Task A_query_of_the_wrong_dimension_is_refused()
    {
        var name = await CreateAsync(TestPoints.DenseSchema(3, Distance.Cosine));

        var error = await Assert.ThrowsAsync<VectorStoreException>(() => Store.SearchAsync(
            name, new SearchRequest { Query = VectorQuery.Dense("dense", [1, 2]) }, Cancel));

        Assert.Equal(VectorStoreErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public async Task A_search_over_an_unknown_vector_name_is_refused()
    {
        var name = await CreateAsync(TestPoints.DenseSchema(3, Distance.Cosine));

        var error = await Assert.ThrowsAsync<VectorStoreException>(() => Store.SearchAsync(
            name, new SearchRequest { Query = VectorQuery.Dense("missing", [1, 2, 3]) }, Cancel));

        Assert.Equal(VectorStoreErrorKind.InvalidArgument, error.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_search_limit_below_one_is_refused(int limit)
    {
        var name = await CreateAsync(TestPoints.DenseSchema(3, Distance.Cosine));

        var error = await Assert.ThrowsAsync<VectorStoreException>(() => Store.SearchAsync(
            name, new SearchRequest { Query = VectorQuery.Dense("dense", [1, 2, 3]), Limit = limit }, Cancel));

        Assert.Equal(VectorStoreErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_without_vectors_is_refused()
    {
        var error = await Assert.ThrowsAsync<VectorStoreException>(
            () => Store.CreateCollectionAsync(NewName(), new CollectionSchema(), Cancel));

        Assert.Equal(VectorStoreErrorKind.InvalidArgument, error.Kind);
    }
}
