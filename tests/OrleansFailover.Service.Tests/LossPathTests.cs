using OrleansFailover.Backups.Journal;
using OrleansFailover.Backups.Storage;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Service.Tests.Infrastructure;
using OrleansFailover.VectorStores.Qdrant;

namespace OrleansFailover.Service.Tests;

/// <summary>
/// The loss paths a review found (issue 9), each reproduced through the service as a user meets it, and checked in
/// Qdrant itself: a write acknowledged after the seal, a restore that failed once, a point the backup cannot hold,
/// an illegal collection name, a sync racing the fresh generation.
/// </summary>
public sealed class LossPathTests(TwoSiloCluster fixture) : IClassFixture<TwoSiloCluster>, IAsyncLifetime
{
    private ServiceCluster Service => fixture.Service;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync()
    {
        Service.Primary.Faults.Reset();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_write_acknowledged_while_the_fresh_generation_is_taken_is_in_qdrant_when_traffic_returns()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 20));
        await Service.Collection(name).SyncNow();
        var forced = await Service.Failover.ForceFailover("test: a write after the seal");
        await Service.WaitForSilosToLearn(forced.Version);
        var duringFailover = TestData.Small(points: 5, seed: 91).Points().ToArray();
        await Service.Router.Upsert(name, duringFailover);

        // Sync-back's only scroll is the fresh generation: held there, the collection has drained its journal and is sealed.
        var freshGeneration = Service.Primary.Faults.NextCall("Scroll", name);
        Service.Primary.Faults.Hold("Scroll", name);
        var syncingBack = await Service.Failover.ForceReturn("test");
        await freshGeneration.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        var afterSeal = TestData.Small(points: 3, seed: 92).Points().ToArray();
        await Service.Router.Upsert(name, afterSeal);
        Service.Primary.Faults.ReleaseHeld();
        await Service.WaitForReturnAsync(syncingBack);

        var written = duringFailover.Concat(afterSeal).Select(p => p.Id).ToArray();
        using var qdrant = DirectClient();
        Assert.Equal(written.Order(), (await qdrant.GetAsync(name, written, cancellationToken: Cancel)).Select(p => p.Id).Order());
        Assert.Equal(0, (await Service.Collection(name).GetJournal()).PendingRecords);
    }

    [Fact]
    public async Task A_write_acknowledged_after_a_collection_finished_its_sync_back_while_another_one_still_runs_is_in_qdrant()
    {
        var done = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 10));
        var slow = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 10, seed: 4));
        await Service.Collection(done).SyncNow();
        await Service.Collection(slow).SyncNow();
        var forced = await Service.Failover.ForceFailover("test: two collections");
        await Service.WaitForSilosToLearn(forced.Version);

        // The slow collection's fresh generation is held; the other one completes its sync-back and waits, sealed.
        Service.Primary.Faults.Hold("Scroll", slow);
        var syncingBack = await Service.Failover.ForceReturn("test");
        await Service.Events.WaitFor(ServiceEventKind.SyncBackCompleted, done);
        var late = TestData.Small(points: 4, seed: 93).Points().ToArray();
        await Service.Router.Upsert(done, late);
        Service.Primary.Faults.ReleaseHeld();
        await Service.WaitForReturnAsync(syncingBack);

        using var qdrant = DirectClient();
        var ids = late.Select(p => p.Id).ToArray();
        Assert.Equal(ids.Order(), (await qdrant.GetAsync(done, ids, cancellationToken: Cancel)).Select(p => p.Id).Order());
        Assert.Equal(0, (await Service.Collection(done).GetJournal()).PendingRecords);
    }

    [Fact]
    public async Task A_restore_that_failed_is_tried_again_by_the_next_call_once_its_cause_is_repaired()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 30));
        await Service.Collection(name).SyncNow();
        foreach (var point in TestData.Small(points: 3, seed: 94).Points())
        {
            await Service.Router.Upsert(name, [point]); // one journal record each, in the segment the sync began
        }

        // The first of the three records is damaged on disk (a flipped byte in its body) while the journal is open.
        var segment = NewestSegment(name);
        var original = await File.ReadAllBytesAsync(segment, Cancel);
        const int firstBody = 8 + JournalCodec.FrameHeaderBytes; // magic, then the first frame's header
        await using (var file = new FileStream(segment, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Position = firstBody + 12;
            file.WriteByte((byte)(original[firstBody + 12] ^ 0xFF));
        }

        var forced = await Service.Failover.ForceFailover("test: a restore that fails");
        await Service.WaitForSilosToLearn(forced.Version);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => Service.Router.Count(name));

        await using (var file = new FileStream(segment, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Position = firstBody + 12;
            file.WriteByte(original[firstBody + 12]); // an operator repairs it
        }

        Assert.Contains("journal", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(33, await Service.Router.Count(name));
    }

    [Fact]
    public async Task A_point_the_backup_could_not_hold_is_refused_at_the_write_with_the_limit_named()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 10));
        var huge = WithText(TestData.Small(points: 1, seed: 95).Points().Single(), new string('x', 17 * 1024 * 1024));

        var refused = await Assert.ThrowsAsync<VectorStoreException>(() => Service.Router.Upsert(name, [huge]));

        Assert.Equal(VectorStoreErrorKind.InvalidArgument, refused.Kind);
        Assert.Contains("MiB", refused.Message, StringComparison.Ordinal);
        Assert.Equal(10, await Service.Router.Count(name));
    }

    [Fact]
    public async Task A_point_put_into_qdrant_behind_the_service_that_the_backup_cannot_hold_fails_the_sync_and_keeps_every_valid_generation()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 30));
        var first = await Service.Collection(name).SyncNow();
        var huge = WithText(TestData.Small(points: 1, seed: 96).Points().Single(), new string('x', 17 * 1024 * 1024));
        using var qdrant = DirectClient();
        await qdrant.UpsertAsync(name, [huge], Cancel); // another client of Qdrant, not the service

        var syncs = new List<SyncReport>();
        for (var i = 0; i < 3; i++)
        {
            syncs.Add(await Service.Collection(name).SyncNow());
        }

        var forced = await Service.Failover.ForceFailover("test: restore after refused syncs");
        await Service.WaitForSilosToLearn(forced.Version);
        var count = await Service.Router.Count(name);
        var restore = (await Service.Collection(name).GetStatus()).LastRestore!;

        Assert.All(syncs, s => Assert.Equal(SyncOutcome.Failed, s.Outcome));
        Assert.All(syncs, s => Assert.Contains(huge.Id.ToString(), s.Reason, StringComparison.Ordinal));
        Assert.Equal(first.Generation, restore.Generation);
        Assert.Empty(restore.Rejected);
        Assert.True(count >= 30, $"the valid generation (30 points) was restored; counted {count}");
    }

    [Fact]
    public async Task An_illegal_collection_name_is_refused_by_the_failover_grain_and_status_keeps_working()
    {
        var refused = await Assert.ThrowsAsync<VectorStoreException>(() => Service.Failover.RegisterCollection("../outside"));
        var status = await Service.Status.GetStatus();

        Assert.Equal(VectorStoreErrorKind.InvalidArgument, refused.Kind);
        Assert.DoesNotContain(status.Collections, c => c.Name == "../outside");
    }

    [Fact]
    public async Task A_sync_under_way_when_sync_back_begins_does_not_collide_with_the_fresh_generation()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 20));
        await Service.Collection(name).SyncNow();

        // A manual sync is under way (held in its scroll) when failover starts and an operator returns at once.
        var scrolling = Service.Primary.Faults.NextCall("Scroll", name);
        Service.Primary.Faults.Hold("Scroll", name);
        var manual = Service.Collection(name).SyncNow();
        await scrolling.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        var forced = await Service.Failover.ForceFailover("test: sync under way");
        await Service.WaitForSilosToLearn(forced.Version);
        var freshGeneration = Service.Primary.Faults.NextCall("Scroll", name);
        var syncingBack = await Service.Failover.ForceReturn("test");
        await freshGeneration.WaitAsync(TimeSpan.FromSeconds(30), Cancel); // both copies are under way now
        Service.Primary.Faults.ReleaseHeld();

        var returned = await Service.WaitForReturnAsync(syncingBack);
        var manualReport = await manual;
        var syncBack = (await Service.Collection(name).GetStatus()).SyncBack!;

        Assert.False(returned.FailoverActive);
        Assert.Equal(SyncOutcome.Completed, manualReport.Outcome);
        Assert.Equal(SyncBackPhase.Completed, syncBack.Phase);
        Assert.NotEqual(manualReport.Generation, syncBack.Generation);
    }

    private string NewestSegment(string collection) => Directory.GetFiles(
        Path.Combine(new BackupFolder(Service.BackupFolder).DirectoryFor(collection), CollectionJournal.FolderName), "segment-*.log").Max()!;

    private static VectorPoint WithText(VectorPoint point, string text) => point with
    {
        Payload = new Dictionary<string, PayloadValue>(point.Payload) { ["text"] = PayloadValue.FromString(text) },
    };

    private QdrantVectorStore DirectClient() => new(new QdrantStoreOptions { Endpoint = Service.Primary.Endpoint });
}
