using OrleansFailover.Backups.Storage;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Service.Tests.Infrastructure;

namespace OrleansFailover.Service.Tests;

/// <summary>Qdrant fails, the circuit opens, collections are served from their validated backups, and traffic returns.</summary>
public sealed class FailoverTests(TwoSiloCluster fixture) : IClassFixture<TwoSiloCluster>, IAsyncLifetime
{
    private ServiceCluster Service => fixture.Service;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task When_qdrant_stops_searches_are_answered_from_the_backup_as_qdrant_answered_them()
    {
        var workload = TestData.Small(points: 400);
        var name = await TestData.CreateCollectionAsync(Service, workload);
        await Service.Collection(name).SyncNow();
        var before = new List<IReadOnlyList<ScoredPoint>>();
        for (var q = 0; q < 5; q++)
        {
            before.Add(await Service.Router.Search(name, TestData.DenseQuery(workload, q)));
        }

        await Service.Primary.StopAsync();
        var (first, failedAttempts) = await Routing.UntilAnsweredAsync(() => Service.Router.Search(name, TestData.DenseQuery(workload, 0)));

        Assert.InRange(failedAttempts, 0, 2);
        Routing.AssertSameHits(before[0], first);
        for (var q = 1; q < 5; q++)
        {
            Routing.AssertSameHits(before[q], await Service.Router.Search(name, TestData.DenseQuery(workload, q)));
        }

        Assert.Equal(400, await Service.Router.Count(name));
        var status = await Service.Status.GetStatus();
        Assert.True(status.FailoverActive);
        Assert.Equal(CircuitState.Open, status.Circuit);
        Assert.Equal("backup", status.ActiveStore);
        var collection = status.Collections.Single(c => c.Name == name);
        Assert.True(collection.ServingFromBackup);
        Assert.Equal(1, collection.LastRestore!.Generation);
        Assert.Equal(400, collection.LastRestore.Points);
    }

    [Fact]
    public async Task When_qdrant_is_back_the_half_open_probe_closes_the_circuit_and_traffic_returns()
    {
        var workload = TestData.Small(points: 60);
        var name = await TestData.CreateCollectionAsync(Service, workload);
        await Service.Collection(name).SyncNow();
        await Service.Primary.StopAsync();
        await Routing.UntilAnsweredAsync(() => Service.Router.Count(name));

        await Service.Primary.StartAgainAsync();
        var stillOpen = await Service.Failover.ProbeNow();
        Service.ServiceClock.Advance(TimeSpan.FromSeconds(30));
        var syncingBack = await Service.Failover.ProbeNow();
        var closed = await Service.WaitForReturnAsync(syncingBack);
        await Service.Router.Upsert(name, [OrleansFailover.Testing.TestPoints.Hybrid(
            999_999, workload.QueryVector(7), OrleansFailover.Testing.Workload.RandomSparse(new Random(1)))]);

        Assert.Equal(CircuitState.Open, stillOpen.Circuit);
        Assert.Equal(CircuitState.HalfOpen, syncingBack.Circuit);
        Assert.True(syncingBack.FailoverActive, "traffic stays on the backup while the journal is replayed");
        Assert.Equal(CircuitState.Closed, closed.Circuit);
        Assert.False(closed.FailoverActive);
        await Service.Events.WaitFor(ServiceEventKind.CircuitHalfOpened);
        await Service.Events.WaitFor(ServiceEventKind.CircuitClosed);
        Assert.Equal(61, Service.Primary.Storage.Collections[name].Count);
        Assert.False((await Service.Collection(name).GetStatus()).ServingFromBackup);
    }

    [Fact]
    public async Task A_failed_half_open_probe_opens_the_circuit_again()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 20));
        await Service.Collection(name).SyncNow();
        await Service.Primary.StopAsync();
        await Routing.UntilAnsweredAsync(() => Service.Router.Count(name));
        var openedAt = (await Service.Status.GetStatus()).CircuitOpenedAt;

        Service.ServiceClock.Advance(TimeSpan.FromSeconds(31));
        var mode = await Service.Failover.ProbeNow();
        var status = await Service.Status.GetStatus();

        Assert.Equal(CircuitState.Open, mode.Circuit);
        await Service.Events.WaitFor(ServiceEventKind.CircuitHalfOpened);
        Assert.True(status.CircuitOpenedAt > openedAt);
        Assert.False(status.LastHealthCheck!.Healthy);
        Assert.Contains("half-open probe failed", status.LastTransitionReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_newest_generation_is_rejected_and_the_older_one_restored()
    {
        var workload = TestData.Small(points: 100);
        var name = await TestData.CreateCollectionAsync(Service, workload);
        await Service.Collection(name).SyncNow();
        await Service.Router.Upsert(name, TestData.Small(points: 50, seed: 99).Points().ToArray());
        await Service.Collection(name).SyncNow();
        var newest = new BackupFolder(Service.BackupFolder).Newest(name)!;
        Corrupt(newest.Path);

        var forced = await Service.Failover.ForceFailover("test: corrupted newest backup");
        await Service.WaitForSilosToLearn(forced.Version);
        var restored = await Service.Events.WaitFor(ServiceEventKind.RestoreCompleted, name);
        var count = await Service.Router.Count(name);
        var report = (await Service.Collection(name).GetStatus()).LastRestore!;

        // Generation 1 plus the journal since its copy began: the 50 points upserted after it are not lost.
        Assert.Equal(150, count);
        Assert.Equal(1, report.Generation);
        Assert.Equal(1, report.JournalRecordsApplied);
        var rejected = Assert.Single(report.Rejected);
        Assert.Equal(2, rejected.Generation);
        Assert.Contains("problem(s), first:", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("after rejecting 2", restored.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_valid_backup_the_collection_is_rebuilt_from_the_journal_alone_and_says_so_loudly()
    {
        var workload = TestData.Small(points: 30);
        var name = await TestData.CreateCollectionAsync(Service, workload);

        var forced = await Service.Failover.ForceFailover("test: no backup yet");
        await Service.WaitForSilosToLearn(forced.Version);
        var empty = await Service.Events.WaitFor(ServiceEventKind.RestoreStartedEmpty, name);
        var countBefore = await Service.Router.Count(name);
        await Service.Router.Upsert(name, TestData.Small(points: 3, seed: 77).Points().ToArray());
        var status = await Service.Status.GetStatus();

        // No generation was ever published, but every write went through the service: the journal has them all.
        Assert.Contains("NO VALID BACKUP", empty.Message, StringComparison.Ordinal);
        Assert.Equal(30, countBefore);
        Assert.Equal(33, await Service.Router.Count(name));
        Assert.Contains("rebuilt from the journal alone (1 writes)", status.Collections.Single(c => c.Name == name).LastRestore!.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forced_failover_holds_until_the_forced_return_whatever_qdrant_health()
    {
        var workload = TestData.Small(points: 40);
        var name = await TestData.CreateCollectionAsync(Service, workload);
        await Service.Collection(name).SyncNow();

        var forced = await Service.Failover.ForceFailover("planned Qdrant upgrade");
        await Service.WaitForSilosToLearn(forced.Version);
        await Service.Router.Upsert(name, TestData.Small(points: 1, seed: 5).Points().ToArray());
        Service.ServiceClock.Advance(TimeSpan.FromMinutes(5));
        var afterProbe = await Service.Failover.ProbeNow();
        var status = await Service.Status.GetStatus();
        var servedCount = await Service.Router.Count(name);
        var primaryCountDuringFailover = Service.Primary.Storage.Collections[name].Count;
        var returned = await Service.ReturnToPrimaryAsync("upgrade done");

        Assert.True(forced.FailoverActive);
        Assert.Equal(40, primaryCountDuringFailover);
        Assert.True(afterProbe.FailoverActive);
        Assert.Equal(ManualOverride.ForcedFailover, status.ManualOverride);
        Assert.True(status.Collections.Single(c => c.Name == name).ServingFromBackup);
        Assert.Equal(41, servedCount);
        Assert.False(returned.FailoverActive);
        Assert.Equal(CircuitState.Closed, returned.Circuit);
        Assert.Equal(41, Service.Primary.Storage.Collections[name].Count);
    }

    [Fact]
    public async Task The_status_reports_the_failover_and_the_circuit()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 25));
        await Service.Collection(name).SyncNow();
        await Service.Primary.StopAsync();
        await Routing.UntilAnsweredAsync(() => Service.Router.Count(name));
        await Service.Failover.ProbeNow();

        Service.ServiceClock.Advance(TimeSpan.FromSeconds(12));
        var status = await Service.Status.GetStatus();

        Assert.True(status.BackupEnabled);
        Assert.True(status.FailoverActive);
        Assert.Equal(TimeSpan.FromSeconds(12), status.FailoverDuration);
        Assert.Equal(status.CircuitOpenedAt, status.FailoverSince);
        Assert.Equal("backup", status.ActiveStore);
        Assert.Equal(CircuitState.Open, status.Circuit);
        Assert.Equal(3, status.ConsecutiveFailures);
        Assert.True(status.TotalFailures >= 4);
        Assert.False(status.LastHealthCheck!.Healthy);
        Assert.NotNull(status.LastBackupSync);
        var collection = status.Collections.Single(c => c.Name == name);
        Assert.True(collection.BackupFileExists);
        Assert.True(collection.SizeBytes > 0);
        Assert.Equal(1, collection.Generation);
        Assert.Equal(25, collection.PointCount);
        Assert.Equal("restored generation 1 (25 points)", collection.LastRestore!.Verdict);
    }

    [Fact]
    public async Task A_collection_created_during_failover_is_served_from_the_backup()
    {
        var forced = await Service.Failover.ForceFailover("test");
        await Service.WaitForSilosToLearn(forced.Version);
        var workload = TestData.Small(points: 15);

        var name = await TestData.CreateCollectionAsync(Service, workload);

        Assert.Equal(15, await Service.Router.Count(name));
        Assert.False(Service.Primary.Storage.Collections.ContainsKey(name));
        Assert.Contains(name, await Service.Router.ListCollections());
    }

    [Fact]
    public async Task After_the_return_a_late_call_goes_to_qdrant_and_the_next_failover_serves_the_newest_backup()
    {
        var workload = TestData.Small(points: 40);
        var name = await TestData.CreateCollectionAsync(Service, workload);
        await Service.Collection(name).SyncNow();
        var forced = await Service.Failover.ForceFailover("first outage");
        await Service.WaitForSilosToLearn(forced.Version);
        Assert.Equal(40, await Service.Router.Count(name));
        var queriesBefore = Service.Primary.Faults.CallCount("Query");

        // Right after the return (sync-back done, circuit closed), before every silo has learned it: searches are
        // answered, by Qdrant.
        var syncingBack = await Service.Failover.ForceReturn("first outage over");
        var closed = await Service.Events.WaitFor(e => e.Kind == ServiceEventKind.CircuitClosed && e.ModeVersion > syncingBack.Version, cancellationToken: TestContext.Current.CancellationToken);
        var answeredRightAway = await Service.Router.Search(name, TestData.DenseQuery(workload, 0));
        await Service.WaitForSilosToLearn(closed.ModeVersion);

        // A call that reaches the collection's grain after the return is answered by Qdrant (the grain is on Qdrant again).
        var queriesBeforeLateCall = Service.Primary.Faults.CallCount("Query");
        var late = await Service.Collection(name).Search(TestData.DenseQuery(workload, 0));
        var lateCallWentToQdrant = Service.Primary.Faults.CallCount("Query") > queriesBeforeLateCall;

        await Service.Router.Upsert(name, TestData.Small(points: 10, seed: 9).Points().ToArray());
        var second = await Service.Collection(name).SyncNow();
        forced = await Service.Failover.ForceFailover("second outage");
        await Service.WaitForSilosToLearn(forced.Version);
        var servedInSecondOutage = await Service.Router.Count(name);

        Assert.Equal(5, answeredRightAway.Count);
        Assert.True(Service.Primary.Faults.CallCount("Query") > queriesBefore);
        Assert.True(lateCallWentToQdrant);
        Routing.AssertSameHits(answeredRightAway, late);
        // 1: the first sync; 2: the fresh copy sync-back takes before traffic returns; 3: this one.
        Assert.Equal(3, second.Generation);
        Assert.Equal(50, servedInSecondOutage);
        var status = (await Service.Status.GetStatus()).Collections.Single(c => c.Name == name);
        Assert.Equal(3, status.LastRestore!.Generation);
    }

    [Fact]
    public async Task A_late_report_from_a_failed_sync_back_does_not_end_the_next_one()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 20));
        await Service.Collection(name).SyncNow();
        var forced = await Service.Failover.ForceFailover("outage");
        await Service.WaitForSilosToLearn(forced.Version);
        await Service.Events.WaitFor(ServiceEventKind.RestoreCompleted, name);

        // The sync-back's fresh copy hangs on Qdrant's scroll; meanwhile a report of the attempt before arrives.
        var scrolling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnCall(string method)
        {
            if (method == "Scroll")
            {
                scrolling.TrySetResult();
            }
        }

        Service.Primary.Faults.Hold("Scroll");
        Service.Primary.Faults.CallReceived += OnCall;
        ServiceMode returning;
        FailoverStatus afterLateReport;
        try
        {
            returning = await Service.Failover.ForceReturn("outage over");
            await scrolling.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
            var attempt = (await Service.Failover.GetStatus()).SyncBackAttempt; // inside the cluster: clients see 0
            await Service.Failover.Report(new SyncBackFinished
            {
                Collection = name,
                Report = new SyncBackReport
                {
                    Collection = name,
                    StartedAt = DateTimeOffset.UtcNow,
                    Phase = SyncBackPhase.Failed,
                    Error = "Qdrant failed (an earlier attempt)",
                    Attempt = attempt - 1,
                },
            });
            // The report is one way; a call that does not interleave is queued behind it, so the report has been handled.
            await Service.Failover.RegisterCollection(name);
            afterLateReport = await Service.Status.GetStatus();
        }
        finally
        {
            Service.Primary.Faults.CallReceived -= OnCall;
            Service.Primary.Faults.ReleaseHeld();
        }

        var closed = await Service.WaitForReturnAsync(returning);

        Assert.Equal(CircuitState.HalfOpen, afterLateReport.Circuit);
        Assert.True(afterLateReport.SyncBackActive);
        Assert.Contains(name, afterLateReport.SyncBackPending);
        Assert.False(closed.FailoverActive);
    }

    private static void Corrupt(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = bytes.Length / 2;
        while (!char.IsAsciiLetter((char)bytes[offset]))
        {
            offset++;
        }

        bytes[offset] ^= 0x20;
        File.WriteAllBytes(path, bytes);
    }
}
