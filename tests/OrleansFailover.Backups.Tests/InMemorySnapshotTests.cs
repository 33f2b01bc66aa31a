using OrleansFailover.Backups.Storage;
using OrleansFailover.Backups.Sync;
using OrleansFailover.Backups.Validation;
using OrleansFailover.Contracts;
using OrleansFailover.Testing;
using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.Backups.Tests;

/// <summary>A full sync from the in-memory store: what the folder looks like around it.</summary>
public sealed class InMemorySnapshotTests : IDisposable
{
    private readonly TemporaryDirectory _root = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_snapshot_first_removes_the_temporary_files_a_crashed_write_of_its_collection_left()
    {
        var store = new InMemoryVectorStore();
        await store.CreateCollectionAsync("docs", TestPoints.HybridSchema(16, Distance.Dot), Cancel);
        await store.UpsertAsync("docs", RoundTripTests.SamplePoints(20), Cancel);
        var folder = new BackupFolder(_root.Path);
        // What a process killed in the middle of a sync leaves: hidden, never published, never cleaned up.
        var abandoned = Path.Combine(folder.DirectoryFor("docs"), $".backup-000000000001.json.{Guid.NewGuid():N}.tmp");
        var another = Path.Combine(folder.DirectoryFor("other"), $".backup-000000000004.json.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(abandoned)!);
        Directory.CreateDirectory(Path.GetDirectoryName(another)!);
        await File.WriteAllTextAsync(abandoned, "{\"version\":\"3.0\",\"metadata\":{", Cancel);
        await File.WriteAllTextAsync(another, "{", Cancel);

        var result = await CollectionSnapshotter.SnapshotAsync(store, "docs", folder, TimeProvider.System, cancellationToken: Cancel);

        Assert.False(File.Exists(abandoned));
        Assert.Equal([result.Generation.Path], Directory.GetFiles(folder.DirectoryFor("docs")));
        Assert.True(BackupValidator.ValidateFile(result.Generation.Path).IsValid);
        Assert.Equal(20, result.Points);
        // Another collection's files are its own writer's business.
        Assert.True(File.Exists(another));
    }
}
