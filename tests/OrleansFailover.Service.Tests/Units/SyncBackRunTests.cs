using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.SyncBack;
using OrleansFailover.Testing;
using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>A collection's sync-back on its own: a real journal on disk, in-memory stores standing in for the copy and for Qdrant.</summary>
public sealed class SyncBackRunTests : IDisposable
{
    private const string Name = "docs";
    private static readonly CollectionSchema Schema = TestPoints.DenseSchema(4, Distance.Dot);
    private readonly TemporaryDirectory _folder = new("sync-back-run");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failover_write_older_than_the_current_failover_is_replayed_too_and_never_skipped_by_the_checkpoint()
    {
        using var journal = CollectionJournal.Open(_folder.Path, TimeProvider.System);
        // Left pending by an earlier failover (sequence 1), then the current failover begins at sequence 3.
        journal.Append(JournalOrigin.Failover, JournalOperation.Upsert, [Point(1)], [], [new PriorImage(Id(1), null)]);
        journal.Append(JournalOrigin.Primary, JournalOperation.Upsert, [Point(2)], []);
        journal.Append(JournalOrigin.Failover, JournalOperation.Upsert, [Point(3)], [], [new PriorImage(Id(3), null)]);
        await journal.FlushAsync();
        var memory = await StoreWith(Point(1), Point(2), Point(3));
        var qdrant = await StoreWith(Point(2));

        var run = new SyncBackRun(Name, memory, qdrant, journal, epochStart: 3, backupPoints: 0, ConflictRule.NewestWins, batchPoints: 1024, reseedBelowFraction: 0);
        var sealedWithPending = -1L;
        var sealedNow = await run.RunAsync(
            trySeal: () => { sealedWithPending = journal.PendingRecords; return true; }, finalDrain: () => { }, keepGoing: () => true, progress: _ => { }, Cancel);

        Assert.True(sealedNow);
        Assert.Equal(0, sealedWithPending);
        Assert.Equal([Id(1), Id(2), Id(3)], (await qdrant.GetAsync(Name, [Id(1), Id(2), Id(3)], cancellationToken: Cancel)).Select(p => p.Id));
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<InMemoryVectorStore> StoreWith(params VectorPoint[] points)
    {
        var store = new InMemoryVectorStore();
        await store.CreateCollectionAsync(Name, Schema, Cancel);
        await store.UpsertAsync(Name, points, Cancel);
        return store;
    }

    private static PointId Id(ulong id) => PointId.FromNumber(id);

    private static VectorPoint Point(ulong id) => TestPoints.Dense(Id(id), "dense", [id, 1, 2, 3]);
}
