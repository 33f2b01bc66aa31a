using OrleansFailover.Backups.Restore;
using OrleansFailover.Backups.Storage;
using OrleansFailover.Backups.Sync;
using OrleansFailover.Backups.Validation;
using OrleansFailover.Contracts;
using OrleansFailover.Testing;
using OrleansFailover.VectorStores.InMemory;
using OrleansFailover.VectorStores.Qdrant;

namespace OrleansFailover.Backups.Tests;

/// <summary>A full sync from Qdrant (the wire test server, through the real client) into a published generation.</summary>
public sealed class SnapshotTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _root = new();
    private QdrantTestServer.QdrantTestServer _server = null!;
    private QdrantVectorStore _primary = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await QdrantTestServer.QdrantTestServer.StartAsync();
        _primary = new QdrantVectorStore(new QdrantStoreOptions { Endpoint = _server.Endpoint });
        var workload = new Workload("small", pointCount: 1000, dimensions: 32, seed: 11);
        await _primary.CreateCollectionAsync("docs", workload.Schema, Cancel);
        foreach (var batch in workload.Batches(200))
        {
            await _primary.UpsertAsync("docs", batch, Cancel);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _primary.Dispose();
        await _server.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task A_snapshot_holds_exactly_what_the_primary_holds()
    {
        var folder = new BackupFolder(_root.Path);

        var result = await CollectionSnapshotter.SnapshotAsync(
            _primary, "docs", folder, TimeProvider.System, new SnapshotOptions { PageSize = 64 }, Cancel);

        Assert.Equal(1000, result.Points);
        var verdict = BackupValidator.ValidateFile(result.Generation.Path);
        Assert.True(verdict.IsValid, string.Join("\n", verdict.Problems));
        Assert.Equal(result.Checksum, verdict.Checksum);
        var restored = new InMemoryVectorStore();
        await BackupLoader.LoadAsync(result.Generation.Path, restored, cancellationToken: Cancel);
        var fromPrimary = await _primary.ScrollAsync("docs", new ScrollRequest { Limit = 1000 }, Cancel);
        var fromBackup = await restored.ScrollAsync("docs", new ScrollRequest { Limit = 1000 }, Cancel);
        Assert.Equal(fromPrimary.Points.Select(p => p.Id), fromBackup.Points.Select(p => p.Id));
        Assert.Equal(fromPrimary.Points[500].Payload, fromBackup.Points[500].Payload);
        Assert.Null(verdict.JournalSequence);
    }

    [Fact]
    public async Task A_snapshot_records_where_in_the_journal_its_copy_began()
    {
        var folder = new BackupFolder(_root.Path);

        var result = await CollectionSnapshotter.SnapshotAsync(
            _primary, "docs", folder, TimeProvider.System, new SnapshotOptions { JournalSequence = 4242 }, Cancel);

        var verdict = BackupValidator.ValidateFile(result.Generation.Path);
        Assert.True(verdict.IsValid, string.Join("\n", verdict.Problems));
        Assert.Equal(4242, verdict.JournalSequence);
    }

    [Fact]
    public async Task A_primary_that_dies_mid_scroll_leaves_the_previous_generation_untouched()
    {
        var folder = new BackupFolder(_root.Path);
        var previous = await CollectionSnapshotter.SnapshotAsync(_primary, "docs", folder, TimeProvider.System, cancellationToken: Cancel);
        var previousBytes = await File.ReadAllBytesAsync(previous.Generation.Path, Cancel);
        _server.Faults.FailAfter(2, "Scroll");

        var error = await Assert.ThrowsAsync<VectorStoreException>(() => CollectionSnapshotter.SnapshotAsync(
            _primary, "docs", folder, TimeProvider.System, new SnapshotOptions { PageSize = 100 }, Cancel));

        Assert.Equal(VectorStoreErrorKind.Unavailable, error.Kind);
        Assert.Equal([previous.Generation.Generation], folder.ListGenerations("docs").Select(g => g.Generation));
        Assert.Equal(previousBytes, await File.ReadAllBytesAsync(previous.Generation.Path, Cancel));
        Assert.Single(Directory.GetFiles(folder.DirectoryFor("docs"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_page_qdrant_fails_to_answer_once_is_asked_for_again_and_the_copy_completes()
    {
        var folder = new BackupFolder(_root.Path);
        var scrollsBefore = _server.Faults.CallCount("Scroll");
        _server.Faults.FailAfter(3, "Scroll", failures: 1);

        var result = await CollectionSnapshotter.SnapshotAsync(
            _primary, "docs", folder, TimeProvider.System, new SnapshotOptions { PageSize = 100 }, Cancel);

        Assert.Equal(1000, result.Points);
        Assert.True(BackupValidator.ValidateFile(result.Generation.Path).IsValid);
        // Ten pages, the fourth asked for twice.
        Assert.Equal(11, _server.Faults.CallCount("Scroll") - scrollsBefore);
    }

    [Fact]
    public async Task A_page_rejected_for_another_reason_is_not_asked_for_again()
    {
        var folder = new BackupFolder(_root.Path);
        var scrollsBefore = _server.Faults.CallCount("Scroll");
        _server.Faults.FailAfter(3, "Scroll", Grpc.Core.StatusCode.Internal, failures: 1);

        var error = await Assert.ThrowsAsync<VectorStoreException>(() => CollectionSnapshotter.SnapshotAsync(
            _primary, "docs", folder, TimeProvider.System, new SnapshotOptions { PageSize = 100 }, Cancel));

        Assert.Equal(VectorStoreErrorKind.Internal, error.Kind);
        Assert.Equal(4, _server.Faults.CallCount("Scroll") - scrollsBefore);
        Assert.Empty(folder.ListGenerations("docs"));
    }
}
