using OrleansFailover.Backups.Format;
using OrleansFailover.Backups.Restore;
using OrleansFailover.Backups.Validation;
using OrleansFailover.Backups.Writing;
using OrleansFailover.Contracts;
using OrleansFailover.Testing;
using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.Backups.Tests;

public sealed class RoundTripTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    public static IReadOnlyList<VectorPoint> SamplePoints(int count, int dimensions = 16, int seed = 5)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => new VectorPoint
        {
            Id = i % 3 == 0 ? PointId.FromNumber((ulong)i * 1_000_003) : PointId.FromUuid(new Guid(RandomBytes(random))),
            Dense = new Dictionary<string, float[]> { ["dense"] = Workload.RandomDense(random, dimensions) },
            Sparse = i % 4 == 0
                ? VectorPoint.NoSparse
                : new Dictionary<string, SparseVector> { ["sparse"] = Workload.RandomSparse(random, 5, 1000) },
            Payload = TestPoints.Payload(
                ("file_path", $"src/file_{i}.cs"),
                ("line_start", (long)i),
                ("ratio", i / 4.0),
                ("whole_double", 3.0),
                ("big", long.MaxValue),
                ("text", "line one\nline \"two\" \u00e9\u4e2d\u0001"),
                ("flags", TestPoints.Array(true, false, PayloadValue.Null)),
                ("nested", TestPoints.Object(("empty", TestPoints.Object()), ("list", TestPoints.Array())))),
        }).ToArray();
    }

    [Fact]
    public async Task A_native_backup_round_trips_every_point_exactly()
    {
        var schema = TestPoints.HybridSchema(16, Distance.Dot);
        var points = SamplePoints(300);
        var path = BackupFiles.WriteNative(_folder.File("native.json"), "docs", schema, points);

        var verdict = BackupValidator.ValidateFile(path);
        var store = new InMemoryVectorStore();
        await BackupLoader.LoadAsync(path, store, cancellationToken: Cancel);

        Assert.True(verdict.IsValid, string.Join("\n", verdict.Problems));
        Assert.Equal(BackupVersions.Native, verdict.Version);
        Assert.True(verdict.ChecksumVerified);
        Assert.Equal(1, verdict.Generation);
        Assert.Equal(BackupFiles.CreatedAt, verdict.CreatedAt);
        Assert.Equal(300, Assert.Single(verdict.Collections).PointsDeclared);
        var restored = await store.GetAsync("docs", points.Select(p => p.Id).ToArray(), cancellationToken: Cancel);
        Assert.Equal(points.OrderBy(p => p.Id), restored);
        Assert.Equal(schema, (await store.GetCollectionAsync("docs", Cancel)).Schema);
    }

    [Fact]
    public async Task An_export_to_v2_reads_back_as_the_same_points()
    {
        var schema = TestPoints.HybridSchema(16, Distance.Euclid);
        var points = SamplePoints(120, seed: 8);
        var native = BackupFiles.WriteNative(_folder.File("native.json"), "docs", schema, points);
        var exported = _folder.File("exported-v2.json");
        using (var source = File.OpenRead(native))
        using (var destination = File.Create(exported))
        {
            BackupExporter.ExportToV2(source, destination, BackupFiles.CreatedAt);
        }

        var verdict = BackupValidator.ValidateFile(exported);
        var store = new InMemoryVectorStore();
        await BackupLoader.LoadAsync(exported, store, cancellationToken: Cancel);

        Assert.True(verdict.IsValid, string.Join("\n", verdict.Problems));
        Assert.Equal(BackupVersions.CodeWeaverV2, verdict.Version);
        Assert.Null(verdict.ChecksumVerified);
        Assert.Contains("\"config\":{\"vectors_config\":{\"dense\":{\"size\":16,\"distance\":\"Euclid\"}}", BackupFiles.Text(exported), StringComparison.Ordinal);
        Assert.Contains("\"total_points\":120", BackupFiles.Text(exported), StringComparison.Ordinal);
        var restored = await store.GetAsync("docs", points.Select(p => p.Id).ToArray(), cancellationToken: Cancel);
        Assert.Equal(points.OrderBy(p => p.Id), restored);
    }

    [Fact]
    public async Task A_collection_with_the_unnamed_default_vector_round_trips()
    {
        var schema = new CollectionSchema { Dense = [new DenseVectorConfig(string.Empty, 3, Distance.Manhattan)] };
        VectorPoint[] points = [TestPoints.Dense(1, string.Empty, [1, 2, 3]), TestPoints.Dense(2, string.Empty, [-1, 0, 0.5f])];
        var path = BackupFiles.WriteNative(_folder.File("unnamed.json"), "plain", schema, points);

        var store = new InMemoryVectorStore();
        await BackupLoader.LoadAsync(path, store, cancellationToken: Cancel);

        Assert.True(BackupValidator.ValidateFile(path).IsValid);
        Assert.Equal(schema, (await store.GetCollectionAsync("plain", Cancel)).Schema);
        Assert.Equal(points, await store.GetAsync("plain", [1, 2], cancellationToken: Cancel));
    }

    [Fact]
    public void Dense_vectors_are_stored_as_base64_float32_not_number_arrays()
    {
        var path = BackupFiles.WriteNative(_folder.File("compact.json"), "docs", TestPoints.DenseSchema(4, Distance.Dot),
            [TestPoints.Dense(1, "dense", [1, 2, 3, 4])]);

        // 1, 2, 3, 4 as little-endian float32, base64.
        Assert.Contains("\"dense\":\"AACAPwAAAEAAAEBAAACAQA==\"", BackupFiles.Text(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loading_one_collection_under_another_name_leaves_the_rest()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "codeweaver-v1.json");
        var store = new InMemoryVectorStore();

        var result = await BackupLoader.LoadAsync(path, store, new BackupLoadOptions
        {
            Collection = "codeweaver-defaults",
            TargetName = "restored",
        }, Cancel);

        Assert.Equal(1, result.TotalPoints);
        Assert.Equal(["restored"], await store.ListCollectionsAsync(Cancel));
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return bytes;
    }
}
