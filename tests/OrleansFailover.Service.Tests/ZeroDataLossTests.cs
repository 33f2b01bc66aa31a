using OrleansFailover.Backups.Journal;
using OrleansFailover.Backups.Storage;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Service.Tests.Infrastructure;
using OrleansFailover.Testing;
using OrleansFailover.VectorStores.Qdrant;

namespace OrleansFailover.Service.Tests;

/// <summary>
/// No acknowledged write is lost: writes made through the service while Qdrant is healthy are in the backup at
/// failover; writes accepted during failover are journaled durably, survive silo restarts and crashes, and are
/// replayed into Qdrant (deletes included, idempotently) before traffic returns.
/// </summary>
public sealed class ZeroDataLossTests(TwoSiloCluster fixture) : IClassFixture<TwoSiloCluster>, IAsyncLifetime
{
    private ServiceCluster Service => fixture.Service;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Writes_made_after_the_last_sync_are_in_the_backup_at_failover()
    {
        var workload = TestData.Small(points: 40);
        var name = await TestData.CreateCollectionAsync(Service, workload);
        await Service.Collection(name).SyncNow();
        var later = TestData.Small(points: 10, seed: 11).Points().ToArray();
        await Service.Router.Upsert(name, later);
        var deleted = workload.Points().Take(5).Select(p => p.Id).ToArray();
        await Service.Router.Delete(name, deleted);

        await Service.Primary.StopAsync();
        var (count, _) = await Routing.UntilAnsweredAsync(() => Service.Router.Count(name));

        Assert.Equal(45, count);
        Assert.Empty(await Service.Router.Get(name, deleted));
        Assert.Equal(later.Select(p => p.Id).Order(), (await Service.Router.Get(name, later.Select(p => p.Id).ToArray())).Select(p => p.Id).Order());
        var restore = (await Service.Collection(name).GetStatus()).LastRestore!;
        Assert.Equal(2, restore.JournalRecordsApplied);
    }

    [Fact]
    public async Task Every_write_acknowledged_while_qdrant_fails_mid_stream_reaches_qdrant_after_sync_back()
    {
        var workload = TestData.Small(points: 50);
        var name = await TestData.CreateCollectionAsync(Service, workload);
        await Service.Collection(name).SyncNow();
        var stream = TestData.Small(points: 120, seed: 21).Points().ToArray();
        var acknowledged = new List<PointId>();

        for (var i = 0; i < stream.Length; i++)
        {
            if (i == 40)
            {
                await Service.Primary.StopAsync(); // Qdrant dies in the middle of the stream
            }

            // An indexer retries a write that failed while the circuit was opening.
            await Routing.UntilAnsweredAsync(async () => { await Service.Router.Upsert(name, [stream[i]]); return true; });
            acknowledged.Add(stream[i].Id);
        }

        var deletedDuringFailover = workload.Points().Take(7).Select(p => p.Id).ToArray();
        await Service.Router.Delete(name, deletedDuringFailover);
        await Service.Primary.StartAgainAsync();
        await Service.ReturnToPrimaryAsync("outage over");

        var inQdrant = Service.Primary.Storage.Collections[name];
        Assert.Equal(50 + 120 - 7, inQdrant.Count);
        using var qdrant = DirectClient();
        Assert.Equal(acknowledged.Count, (await qdrant.GetAsync(name, acknowledged, withPayload: true, withVectors: true, Cancel)).Count);
        Assert.Empty(await qdrant.GetAsync(name, deletedDuringFailover, cancellationToken: Cancel));
        var status = await Service.Collection(name).GetStatus();
        Assert.Equal(SyncBackPhase.Completed, status.SyncBack!.Phase);
        Assert.Equal(0, status.Journal!.PendingRecords);
        Assert.Equal(0, status.SyncBack.Conflicts);
    }

    [Fact]
    public async Task A_silo_restart_during_failover_rebuilds_the_collection_from_the_backup_and_the_journal()
    {
        var workload = TestData.Small(points: 60);
        var name = await TestData.CreateCollectionAsync(Service, workload);
        await Service.Collection(name).SyncNow();
        var forced = await Service.Failover.ForceFailover("test: restart during failover");
        await Service.WaitForSilosToLearn(forced.Version);
        var added = TestData.Small(points: 15, seed: 31).Points().ToArray();
        await Service.Router.Upsert(name, added);
        var deleted = workload.Points().Skip(10).Take(4).Select(p => p.Id).ToArray();
        await Service.Router.Delete(name, deleted);

        await Service.RestartSiloHostingAsync(Service.Collection(name).GetGrainId());
        var countAfterRestart = await Service.Router.Count(name);
        var restore = (await Service.Collection(name).GetStatus()).LastRestore!;
        await Service.ReturnToPrimaryAsync("restart test over");

        Assert.Equal(60 + 15 - 4, countAfterRestart);
        Assert.Equal(2, restore.JournalRecordsApplied);
        Assert.Equal(71, Service.Primary.Storage.Collections[name].Count);
        using var qdrant = DirectClient();
        Assert.Empty(await qdrant.GetAsync(name, deleted, cancellationToken: Cancel));
    }

    [Fact]
    public async Task A_replay_that_fails_midway_reopens_the_circuit_and_the_next_one_resumes_without_resurrecting_deletes()
    {
        var workload = TestData.Small(points: 20);
        var name = await TestData.CreateCollectionAsync(Service, workload);
        await Service.Collection(name).SyncNow();
        var forced = await Service.Failover.ForceFailover("test: interrupted sync-back");
        await Service.WaitForSilosToLearn(forced.Version);
        var written = TestData.Small(points: 3000, seed: 41).Points().ToArray();
        foreach (var batch in written.Chunk(250))
        {
            await Service.Router.Upsert(name, batch);
        }

        // Deleted after they were written: a replay that resurrected them would show.
        var deleted = written.Take(300).Select(p => p.Id).ToArray();
        await Service.Router.Delete(name, deleted);

        // The second replay batch fails: Qdrant is failing again in the middle of sync-back.
        Service.Primary.Faults.FailAfter(1, "Upsert");
        var syncingBack = await Service.Failover.ForceReturn("first attempt");
        var reopened = await Service.Events.WaitFor(e => e.Kind == ServiceEventKind.CircuitOpened && e.ModeVersion > syncingBack.Version, cancellationToken: TestContext.Current.CancellationToken);
        var journalAfterFailure = await Service.Collection(name).GetJournal();
        var modeAfterFailure = await Service.Failover.GetMode();

        Service.Primary.Faults.Reset();
        await Service.ReturnToPrimaryAsync("second attempt");

        Assert.Contains("sync-back", reopened.Message, StringComparison.Ordinal);
        Assert.True(modeAfterFailure.FailoverActive, "a failed sync-back leaves the service in failover");
        Assert.True(journalAfterFailure.ReplayedThrough > 0, "the first batch was checkpointed");
        Assert.True(journalAfterFailure.PendingRecords > 0, "the rest was still pending");
        Assert.Equal(20 + 3000 - 300, Service.Primary.Storage.Collections[name].Count);
        using var qdrant = DirectClient();
        Assert.Empty(await qdrant.GetAsync(name, deleted, cancellationToken: Cancel));
    }

    [Fact]
    public async Task A_silo_killed_during_sync_back_loses_nothing_and_the_replay_completes_on_restart()
    {
        var workload = TestData.Small(points: 20);
        var name = await TestData.CreateCollectionAsync(Service, workload);
        await Service.Collection(name).SyncNow();
        var forced = await Service.Failover.ForceFailover("test: crash during sync-back");
        await Service.WaitForSilosToLearn(forced.Version);
        var written = TestData.Small(points: 4000, seed: 51).Points().ToArray();
        foreach (var batch in written.Chunk(500))
        {
            await Service.Router.Upsert(name, batch);
        }

        var deleted = written.Skip(1000).Take(200).Select(p => p.Id).ToArray();
        await Service.Router.Delete(name, deleted);

        // Slow replay batches; the silo holding the collection dies while the second one is under way.
        Service.Primary.Faults.Latency = TimeSpan.FromMilliseconds(200);
        var secondUpsert = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var upserts = 0;
        void OnCall(string method)
        {
            if (method == "Upsert" && Interlocked.Increment(ref upserts) == 2)
            {
                secondUpsert.TrySetResult();
            }
        }

        Service.Primary.Faults.CallReceived += OnCall;
        try
        {
            await Service.Failover.ForceReturn("crash test");
            await secondUpsert.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            await Service.KillSiloHostingAsync(Service.Collection(name).GetGrainId());
        }
        finally
        {
            Service.Primary.Faults.CallReceived -= OnCall;
            Service.Primary.Faults.Reset();
        }

        // Whatever the crash interrupted, an operator's return completes the replay from the checkpoint.
        await Service.ReturnToPrimaryAsync("after the crash");

        Assert.Equal(20 + 4000 - 200, Service.Primary.Storage.Collections[name].Count);
        using var qdrant = DirectClient();
        Assert.Empty(await qdrant.GetAsync(name, deleted, cancellationToken: Cancel));
        Assert.Equal(0, (await Service.Collection(name).GetJournal()).PendingRecords);
    }

    [Fact]
    public async Task A_qdrant_that_comes_back_without_its_data_is_reseeded_from_the_backup_and_says_so()
    {
        var workload = TestData.Small(points: 80);
        var name = await TestData.CreateCollectionAsync(Service, workload);
        await Service.Collection(name).SyncNow();
        await Service.Primary.StopAsync();
        await Routing.UntilAnsweredAsync(() => Service.Router.Count(name));
        await Service.Router.Upsert(name, TestData.Small(points: 5, seed: 61).Points().ToArray());

        await Service.Primary.StartAgainAsync(empty: true); // a Qdrant that lost its disk
        await Service.ReturnToPrimaryAsync("qdrant replaced");

        Assert.Equal(85, Service.Primary.Storage.Collections[name].Count);
        var syncBack = (await Service.Collection(name).GetStatus()).SyncBack!;
        Assert.Equal("Qdrant came back without the collection", syncBack.ReseedReason);
        Assert.Contains("re-seeded", syncBack.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_qdrant_that_comes_back_with_far_fewer_points_is_reseeded_and_deletes_made_during_failover_hold()
    {
        var workload = TestData.Small(points: 100);
        var name = await TestData.CreateCollectionAsync(Service, workload);
        await Service.Collection(name).SyncNow();
        await Service.Primary.StopAsync();
        await Routing.UntilAnsweredAsync(() => Service.Router.Count(name));
        var deleted = workload.Points().Take(3).Select(p => p.Id).ToArray();
        await Service.Router.Delete(name, deleted);

        // Qdrant comes back having kept only 10 points, among them the 3 deleted during failover.
        var kept = Service.Primary.Storage.Collections[name];
        lock (kept.Gate)
        {
            foreach (var key in kept.Points.Select(p => p.Key).Skip(10).ToArray())
            {
                kept.Remove(key);
            }
        }

        await Service.Primary.StartAgainAsync();
        var before = Service.Primary.Storage.Collections[name].Count;
        await Service.ReturnToPrimaryAsync("qdrant restored from an old snapshot");

        Assert.Equal(10, before);
        Assert.Equal(97, Service.Primary.Storage.Collections[name].Count);
        using var qdrant = DirectClient();
        Assert.Empty(await qdrant.GetAsync(name, deleted, cancellationToken: Cancel));
        Assert.Equal("Qdrant came back with 10 points where the backup had 100", (await Service.Collection(name).GetStatus()).SyncBack!.ReseedReason);
    }

    [Fact]
    public async Task Writes_arriving_during_sync_back_are_drained_before_traffic_returns()
    {
        var workload = TestData.Small(points: 20);
        var name = await TestData.CreateCollectionAsync(Service, workload);
        await Service.Collection(name).SyncNow();
        var forced = await Service.Failover.ForceFailover("test: writes during sync-back");
        await Service.WaitForSilosToLearn(forced.Version);
        await Service.Router.Upsert(name, TestData.Small(points: 2000, seed: 81).Points().ToArray());

        // A slow replay; writes keep coming while it runs.
        Service.Primary.Faults.Latency = TimeSpan.FromMilliseconds(100);
        var replayStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnCall(string method)
        {
            if (method == "Upsert")
            {
                replayStarted.TrySetResult();
            }
        }

        Service.Primary.Faults.CallReceived += OnCall;
        var syncingBack = await Service.Failover.ForceReturn("test");
        await replayStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        Service.Primary.Faults.CallReceived -= OnCall;
        var duringSyncBack = TestData.Small(points: 30, seed: 82).Points().ToArray();
        foreach (var point in duringSyncBack)
        {
            await Service.Router.Upsert(name, [point]);
        }

        await Service.Router.Delete(name, [duringSyncBack[0].Id]);
        Service.Primary.Faults.Latency = TimeSpan.Zero;
        await Service.WaitForReturnAsync(syncingBack);

        Assert.Equal(20 + 2000 + 30 - 1, Service.Primary.Storage.Collections[name].Count);
        Assert.Equal(0, (await Service.Collection(name).GetJournal()).PendingRecords);
    }

    [Fact]
    public async Task A_point_changed_in_qdrant_during_the_outage_and_in_the_journal_is_a_counted_conflict_settled_by_the_rule()
    {
        var workload = TestData.Small(points: 30);
        var name = await TestData.CreateCollectionAsync(Service, workload);
        await Service.Collection(name).SyncNow();
        var points = workload.Points().ToArray();
        var forced = await Service.Failover.ForceFailover("test: conflicts");
        await Service.WaitForSilosToLearn(forced.Version);

        // During the outage: the service journals a change to points 0 and 1; someone changes 0 and 2 in Qdrant directly.
        await Service.Router.Upsert(name, [WithTag(points[0], "journal"), WithTag(points[1], "journal")]);
        using var qdrant = DirectClient();
        await qdrant.UpsertAsync(name, [WithTag(points[0], "behind-the-back"), WithTag(points[2], "behind-the-back")], Cancel);

        await Service.ReturnToPrimaryAsync("conflict test");

        var after = (await qdrant.GetAsync(name, [points[0].Id, points[1].Id, points[2].Id], cancellationToken: Cancel)).ToDictionary(p => p.Id);
        var syncBack = (await Service.Collection(name).GetStatus()).SyncBack!;
        Assert.Equal(1, syncBack.Conflicts);
        Assert.Equal(ConflictRule.NewestWins, syncBack.Rule);
        Assert.Equal(0, syncBack.ConflictsKeptPrimary);
        Assert.Equal("journal", after[points[0].Id].Payload["tag"].AsString);
        Assert.Equal("journal", after[points[1].Id].Payload["tag"].AsString);
        Assert.Equal("behind-the-back", after[points[2].Id].Payload["tag"].AsString);
    }

    [Fact]
    public async Task A_torn_journal_tail_left_by_a_crash_is_dropped_and_every_acknowledged_write_is_kept()
    {
        var workload = TestData.Small(points: 25);
        var name = await TestData.CreateCollectionAsync(Service, workload);
        await Service.Collection(name).SyncNow();
        var forced = await Service.Failover.ForceFailover("test: torn tail");
        await Service.WaitForSilosToLearn(forced.Version);
        await Service.Router.Upsert(name, TestData.Small(points: 6, seed: 71).Points().ToArray());

        // The activation goes (its journal closed), then the crash's leftovers appear before the next one opens it.
        await Service.Cluster.DeactivateAsync(Service.Collection(name).GetGrainId());
        var segment = Directory.GetFiles(
            Path.Combine(new BackupFolder(Service.BackupFolder).DirectoryFor(name), CollectionJournal.FolderName), "segment-*.log").Max()!;
        await using (var file = new FileStream(segment, FileMode.Append))
        {
            // A record whose header promises more bytes than reached the disk.
            file.Write([0x00, 0x10, 0x00, 0x00, 0xAA, 0xBB, 0xCC, 0xDD, 0x01, 0x02]);
        }

        var count = await Service.Router.Count(name);
        var journal = await Service.Collection(name).GetJournal();

        Assert.Equal(31, count);
        Assert.Equal(10, journal.DroppedTornBytes);
        Assert.Null(journal.Error);
    }

    private static VectorPoint WithTag(VectorPoint point, string tag) => point with
    {
        Payload = new Dictionary<string, PayloadValue>(point.Payload) { ["tag"] = PayloadValue.FromString(tag) },
    };

    private QdrantVectorStore DirectClient() => new(new QdrantStoreOptions { Endpoint = Service.Primary.Endpoint });
}
