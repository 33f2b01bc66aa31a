using OrleansFailover.Backups.Restore;
using OrleansFailover.Backups.Validation;
using OrleansFailover.Contracts;
using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.Backups.Tests;

/// <summary>CodeWeaver's two layouts, written from FORMATS.md, read and restored correctly.</summary>
public sealed class FixtureTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void A_codeweaver_v1_file_is_valid_and_summarised()
    {
        var verdict = BackupValidator.ValidateFile(Fixture("codeweaver-v1.json"));

        Assert.True(verdict.IsValid, string.Join("\n", verdict.Problems));
        Assert.Equal("1.0", verdict.Version);
        Assert.Null(verdict.ChecksumVerified);
        var project = verdict.Collections.Single(c => c.Name == "codeweaver-project-a1b2c3");
        Assert.Equal(3, project.PointsFound);
        Assert.Equal(new DenseVectorConfig("dense", 4, Distance.Cosine), Assert.Single(project.Schema!.Dense));
        Assert.Equal("sparse", Assert.Single(project.Schema.Sparse).Name);
        var defaults = verdict.Collections.Single(c => c.Name == "codeweaver-defaults");
        Assert.Equal(Distance.Cosine, Assert.Single(defaults.Schema!.Dense).Distance);
    }

    [Fact]
    public async Task A_codeweaver_v1_file_restores_its_points_ids_vectors_and_payloads()
    {
        var store = new InMemoryVectorStore();

        var result = await BackupLoader.LoadAsync(Fixture("codeweaver-v1.json"), store, cancellationToken: Cancel);

        Assert.Equal(3, result.PointsByCollection["codeweaver-project-a1b2c3"]);
        var points = await store.GetAsync("codeweaver-project-a1b2c3",
        [
            PointId.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), PointId.FromNumber(42),
        ], cancellationToken: Cancel);
        var first = points.Single(p => p.Id.IsUuid);
        Assert.Equal([3u, 7u], first.Sparse["sparse"].Indices);
        Assert.Equal([1.5f, 0.25f], first.Sparse["sparse"].Values);
        Assert.Equal("def main():\n    print(\"héllo\")", first.Payload["chunk_text"].AsString);
        Assert.Equal(PayloadKind.Integer, first.Payload["line_start"].Kind);
        Assert.Equal(PayloadKind.Double, first.Payload["score"].Kind);
        Assert.Equal(0.5f, first.Dense["dense"][0], tolerance: 1e-5f);
        Assert.Contains(points, p => p.Id == PointId.FromNumber(42));
        Assert.Equal(1, await store.CountAsync("codeweaver-defaults", cancellationToken: Cancel));
    }

    [Fact]
    public async Task A_codeweaver_v2_file_is_read_from_its_nested_config()
    {
        var verdict = BackupValidator.ValidateFile(Fixture("codeweaver-v2.json"));
        var store = new InMemoryVectorStore();
        await BackupLoader.LoadAsync(Fixture("codeweaver-v2.json"), store, cancellationToken: Cancel);

        Assert.True(verdict.IsValid, string.Join("\n", verdict.Problems));
        Assert.Equal("2.0", verdict.Version);
        var info = await store.GetCollectionAsync("codeweaver-project-a1b2c3", Cancel);
        Assert.Equal(new DenseVectorConfig("dense", 3, Distance.Dot), Assert.Single(info.Schema.Dense));
        Assert.Equal(2, info.PointCount);
        var seven = Assert.Single(await store.GetAsync("codeweaver-project-a1b2c3", [PointId.FromNumber(7)], cancellationToken: Cancel));
        Assert.Equal([0.001f, 250f, -4f], seven.Dense["dense"]);
        var uuidPoint = (await store.ScrollAsync("codeweaver-project-a1b2c3", new ScrollRequest(), Cancel)).Points.Last();
        Assert.Equal(PayloadKind.Double, uuidPoint.Payload["weight"].Kind);
    }
}
