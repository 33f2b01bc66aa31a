using OrleansFailover.Contracts;
using OrleansFailover.Testing;
using OrleansFailover.VectorStores.InMemory;
using OrleansFailover.VectorStores.Qdrant;
using OrleansFailover.VectorStores.Tests.Contract;

namespace OrleansFailover.VectorStores.Tests.Qdrant;

/// <summary>
/// Random data and random queries through both stores: the in-memory store (SIMD) and Qdrant over gRPC
/// (the test server's own scalar engine) must return the same ids and the same scores within float tolerance.
/// </summary>
public sealed class DifferentialTests(QdrantTestServerFixture fixture) : IClassFixture<QdrantTestServerFixture>
{
    private const int Dimensions = 48;
    // Above the in-memory store's threshold for the int8 pre-scan, so that path is compared too.
    private const int PointCount = 2500;
    private const int Queries = 25;

    [Theory]
    [InlineData(Distance.Cosine, 1)]
    [InlineData(Distance.Dot, 2)]
    [InlineData(Distance.Euclid, 3)]
    [InlineData(Distance.Manhattan, 4)]
    public async Task Random_searches_give_the_same_results_from_both_stores(Distance distance, int seed)
    {
        var (memory, qdrant, name) = await LoadBothAsync(distance, seed);
        var random = new Random(seed * 31);
        for (var q = 0; q < Queries; q++)
        {
            var request = RandomRequest(random, q);
            var expected = await memory.SearchAsync(name, request, TestContext.Current.CancellationToken);
            var actual = await qdrant.SearchAsync(name, request, TestContext.Current.CancellationToken);
            AssertSameRanking(expected, actual, $"{distance} query {q} ({request.Query.Kind}, filter: {request.Filter is not null})");
        }
    }

    [Fact]
    public async Task Random_scrolls_and_counts_agree_between_both_stores()
    {
        var (memory, qdrant, name) = await LoadBothAsync(Distance.Cosine, seed: 9);
        var filter = new PointFilter { Must = [FilterCondition.InRange("bucket", new NumericRange { LessThan = 4 })] };

        Assert.Equal(await memory.CountAsync(name, filter, TestContext.Current.CancellationToken),
                     await qdrant.CountAsync(name, filter, TestContext.Current.CancellationToken));
        PointId? offset = null;
        do
        {
            var request = new ScrollRequest { Offset = offset, Limit = 37, Filter = filter };
            var expected = await memory.ScrollAsync(name, request, TestContext.Current.CancellationToken);
            var actual = await qdrant.ScrollAsync(name, request, TestContext.Current.CancellationToken);
            Assert.Equal(expected.Points.Select(p => p.Id), actual.Points.Select(p => p.Id));
            Assert.Equal(expected.NextOffset, actual.NextOffset);
            for (var i = 0; i < expected.Points.Count; i++)
            {
                AssertClose(expected.Points[i].Dense["dense"], actual.Points[i].Dense["dense"]);
                Assert.True(Payloads.AreEqual(expected.Points[i].Payload, actual.Points[i].Payload));
            }

            offset = expected.NextOffset;
        }
        while (offset is not null);
    }

    private async Task<(IVectorStore Memory, IVectorStore Qdrant, string Name)> LoadBothAsync(Distance distance, int seed)
    {
        var memory = new InMemoryVectorStore();
        var qdrant = new QdrantVectorStore(new QdrantStoreOptions { Endpoint = fixture.Server.Endpoint, ExactSearch = true });
        var name = $"diff-{distance}-{Guid.NewGuid():N}"[..30];
        var schema = new CollectionSchema
        {
            Dense = [new DenseVectorConfig("dense", Dimensions, distance)],
            Sparse = [new SparseVectorConfig("sparse")],
        };
        var random = new Random(seed);
        var points = Enumerable.Range(0, PointCount).Select(i => new VectorPoint
        {
            Id = i % 2 == 0 ? PointId.FromNumber((ulong)random.Next()) : PointId.FromUuid(Guid.NewGuid()),
            Dense = new Dictionary<string, float[]> { ["dense"] = Workload.RandomDense(random, Dimensions) },
            Sparse = new Dictionary<string, SparseVector> { ["sparse"] = Workload.RandomSparse(random, 8, 200) },
            Payload = TestPoints.Payload(("bucket", (long)random.Next(10)), ("tag", random.Next(3) == 0 ? "red" : "blue")),
        }).DistinctBy(p => p.Id).ToArray();

        foreach (var store in new IVectorStore[] { memory, qdrant })
        {
            await store.CreateCollectionAsync(name, schema, TestContext.Current.CancellationToken);
            foreach (var batch in points.Chunk(100))
            {
                await store.UpsertAsync(name, batch, TestContext.Current.CancellationToken);
            }
        }

        return (memory, qdrant, name);
    }

    private static SearchRequest RandomRequest(Random random, int index)
    {
        var dense = Workload.RandomDense(random, Dimensions);
        var sparse = Workload.RandomSparse(random, 6, 200);
        var query = (index % 3) switch
        {
            0 => VectorQuery.Dense("dense", dense),
            1 => VectorQuery.Sparse("sparse", sparse),
            _ => VectorQuery.Hybrid("dense", dense, "sparse", sparse, candidateLimit: 20),
        };
        var filter = index % 4 == 3
            ? new PointFilter
            {
                Must = [FilterCondition.InRange("bucket", new NumericRange { GreaterThanOrEqual = 2, LessThan = 8 })],
                MustNot = [FilterCondition.MatchKeyword("tag", "red")],
            }
            : null;
        return new SearchRequest { Query = query, Limit = 1 + random.Next(15), Filter = filter, WithPayload = true };
    }

    /// <summary>Same scores position by position; ids equal too, except among scores that tie within tolerance.</summary>
    private static void AssertSameRanking(IReadOnlyList<ScoredPoint> expected, IReadOnlyList<ScoredPoint> actual, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: {expected.Count} hits in memory, {actual.Count} from Qdrant");
        for (var i = 0; i < expected.Count; i++)
        {
            var tolerance = 1e-4f * Math.Max(1f, Math.Abs(expected[i].Score));
            Assert.True(Math.Abs(expected[i].Score - actual[i].Score) <= tolerance,
                $"{what}: score at rank {i} is {expected[i].Score} in memory, {actual[i].Score} from Qdrant");
            if (expected[i].Id != actual[i].Id)
            {
                var tied = expected.Where(e => Math.Abs(e.Score - expected[i].Score) <= tolerance).Select(e => e.Id).ToHashSet();
                Assert.True(tied.Contains(actual[i].Id) || i == expected.Count - 1,
                    $"{what}: rank {i} is {expected[i].Id} in memory, {actual[i].Id} from Qdrant, scores not tied");
            }
        }
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            // Both sides normalize in float32, in different orders: equal within a few ulps, not to the bit.
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6f, $"element {i}: {expected[i]} in memory, {actual[i]} from Qdrant");
        }
    }
}
