using OrleansFailover.Contracts;
using OrleansFailover.Testing;

namespace OrleansFailover.VectorStores.Tests.Contract;

public abstract partial class VectorStoreContract
{
    private static readonly float[][] Stored =
    [
        [1, 0, 0, 0],
        [0.9f, 0.1f, 0, 0],
        [0, 1, 0, 0],
        [-1, 0.5f, 0.2f, 0],
        [0.5f, 0.5f, 0.5f, 0.5f],
        [2, 2, 0, 1],
    ];

    private static readonly float[] Query = [0.8f, 0.3f, 0.1f, 0];

    [Theory]
    [InlineData(Distance.Cosine)]
    [InlineData(Distance.Dot)]
    [InlineData(Distance.Euclid)]
    [InlineData(Distance.Manhattan)]
    public async Task Dense_search_ranks_and_scores_as_qdrant_does(Distance distance)
    {
        var name = await CreateAsync(TestPoints.DenseSchema(4, distance));
        await Store.UpsertAsync(
            name, Stored.Select((v, i) => TestPoints.Dense((ulong)i + 1, "dense", v)).ToArray(), Cancel);

        var hits = await Store.SearchAsync(
            name, new SearchRequest { Query = VectorQuery.Dense("dense", Query), Limit = 4 }, Cancel);

        var expected = Stored
            .Select((v, i) => (Id: (ulong)i + 1, Score: ExpectedScore(distance, v, Query)))
            .OrderBy(e => distance is Distance.Euclid or Distance.Manhattan ? e.Score : -e.Score)
            .Take(4)
            .ToArray();
        Assert.Equal(expected.Select(e => e.Id), hits.Select(h => h.Id.Number));
        foreach (var (hit, want) in hits.Zip(expected))
        {
            Assert.Equal(want.Score, hit.Score, tolerance: 1e-4f);
        }
    }

    [Fact]
    public async Task The_score_threshold_is_strict_for_similarity()
    {
        var name = await CreateAsync(TestPoints.DenseSchema(2, Distance.Dot));
        await Store.UpsertAsync(name, [TestPoints.Dense(1, "dense", [1, 1]), TestPoints.Dense(2, "dense", [2, 1])], Cancel);

        var atTwo = await Store.SearchAsync(
            name, new SearchRequest { Query = VectorQuery.Dense("dense", [1, 1]), ScoreThreshold = 2f }, Cancel);
        var belowTwo = await Store.SearchAsync(
            name, new SearchRequest { Query = VectorQuery.Dense("dense", [1, 1]), ScoreThreshold = 1.5f }, Cancel);

        Assert.Equal([PointId.FromNumber(2)], atTwo.Select(h => h.Id));
        Assert.Equal([PointId.FromNumber(2), PointId.FromNumber(1)], belowTwo.Select(h => h.Id));
    }

    [Fact]
    public async Task The_score_threshold_is_strict_for_distance()
    {
        var name = await CreateAsync(TestPoints.DenseSchema(2, Distance.Euclid));
        await Store.UpsertAsync(name, [TestPoints.Dense(1, "dense", [3, 0]), TestPoints.Dense(2, "dense", [1, 0])], Cancel);

        var hits = await Store.SearchAsync(
            name, new SearchRequest { Query = VectorQuery.Dense("dense", [0, 0]), ScoreThreshold = 3f }, Cancel);

        var only = Assert.Single(hits);
        Assert.Equal(PointId.FromNumber(2), only.Id);
        Assert.Equal(1f, only.Score, tolerance: 1e-5f);
    }

    [Fact]
    public async Task Sparse_search_scores_by_dot_product_and_skips_points_without_a_shared_index()
    {
        var name = await CreateAsync(new CollectionSchema { Sparse = [new SparseVectorConfig("sparse")] });
        await Store.UpsertAsync(name,
        [
            TestPoints.Sparse(1, "sparse", [1, 5, 9], [1f, 2f, 3f]),
            TestPoints.Sparse(2, "sparse", [5], [10f]),
            TestPoints.Sparse(3, "sparse", [100, 200], [5f, 5f]),
            TestPoints.Sparse(4, "sparse", [9, 1], [-1f, 0.5f]),
        ], Cancel);

        var hits = await Store.SearchAsync(name, new SearchRequest
        {
            Query = VectorQuery.Sparse("sparse", new SparseVector([9, 5], [1f, 0.5f])),
            Limit = 10,
        }, Cancel);

        Assert.Equal([PointId.FromNumber(2), PointId.FromNumber(1), PointId.FromNumber(4)], hits.Select(h => h.Id));
        Assert.Equal([5f, 4f, -1f], hits.Select(h => h.Score));
    }

    [Fact]
    public async Task Hybrid_search_fuses_dense_and_sparse_ranks_with_reciprocal_rank_fusion()
    {
        var name = await CreateAsync(TestPoints.HybridSchema(2, Distance.Dot));
        await Store.UpsertAsync(name,
        [
            TestPoints.Hybrid(1, [1, 0], new SparseVector([1], [1f])),
            TestPoints.Hybrid(2, [0.9f, 0], new SparseVector([1], [3f])),
            TestPoints.Hybrid(3, [0.1f, 0], new SparseVector([2], [9f])),
        ], Cancel);

        var hits = await Store.SearchAsync(name, new SearchRequest
        {
            Query = VectorQuery.Hybrid("dense", [1, 0], "sparse", new SparseVector([1], [1f]), candidateLimit: 3),
            Limit = 3,
        }, Cancel);

        // Dense ranks 1, 2, 3; sparse ranks 2, 1 (3 shares no index). Gain at 0-based position p is 1 / (p + 2).
        Assert.Equal([PointId.FromNumber(1), PointId.FromNumber(2), PointId.FromNumber(3)], hits.Select(h => h.Id));
        Assert.Equal(1f / 2 + 1f / 3, hits[0].Score, tolerance: 1e-5f);
        Assert.Equal(1f / 3 + 1f / 2, hits[1].Score, tolerance: 1e-5f);
        Assert.Equal(1f / 4, hits[2].Score, tolerance: 1e-5f);
    }

    [Fact]
    public async Task Search_results_carry_payload_and_vectors_only_when_asked()
    {
        var name = await CreateAsync(TestPoints.DenseSchema(2, Distance.Dot));
        await Store.UpsertAsync(name, [TestPoints.Dense(1, "dense", [1, 0], TestPoints.Payload(("k", "v")))], Cancel);

        var with = Assert.Single(await Store.SearchAsync(name, new SearchRequest
        {
            Query = VectorQuery.Dense("dense", [1, 0]), WithPayload = true, WithVectors = true,
        }, Cancel));
        var without = Assert.Single(await Store.SearchAsync(name, new SearchRequest
        {
            Query = VectorQuery.Dense("dense", [1, 0]), WithPayload = false, WithVectors = false,
        }, Cancel));

        Assert.Equal("v", with.Point!.Payload["k"].AsString);
        Assert.Equal([1f, 0f], with.Point.Dense["dense"]);
        Assert.True(without.Point is null || (without.Point.Payload.Count == 0 && without.Point.Dense.Count == 0));
    }

    private static float ExpectedScore(Distance distance, float[] stored, float[] query)
    {
        double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
        double Norm(float[] a) => Math.Sqrt(Dot(a, a));
        return distance switch
        {
            Distance.Cosine => (float)(Dot(stored, query) / (Norm(stored) * Norm(query))),
            Distance.Dot => (float)Dot(stored, query),
            Distance.Euclid => (float)Math.Sqrt(stored.Zip(query, (x, y) => Math.Pow(x - y, 2)).Sum()),
            _ => (float)stored.Zip(query, (x, y) => Math.Abs(x - y)).Sum(),
        };
    }
}
