using Grpc.Core;
using OrleansFailover.Backups.Storage;
using OrleansFailover.Backups.Validation;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Service.Tests.Infrastructure;

namespace OrleansFailover.Service.Tests;

/// <summary>Periodic and manual syncs of a collection to backup generations, on a real cluster.</summary>
public sealed class SyncTests(SingleSiloCluster fixture) : IClassFixture<SingleSiloCluster>, IAsyncLifetime
{
    private ServiceCluster Service => fixture.Service;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task The_reminder_starts_a_sync_when_its_interval_has_passed()
    {
        var workload = TestData.Small(points: 250);
        var name = await TestData.CreateCollectionAsync(Service, workload);

        Service.ReminderClock.Advance(TimeSpan.FromMinutes(5));
        var synced = await Service.Events.WaitFor(ServiceEventKind.SyncCompleted, name);

        var generation = new BackupFolder(Service.BackupFolder).Newest(name);
        Assert.NotNull(generation);
        var verdict = BackupValidator.ValidateFile(generation.Path);
        Assert.True(verdict.IsValid, string.Join("\n", verdict.Problems));
        Assert.Equal(250, verdict.TotalPoints);
        Assert.Contains("generation 1", synced.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manual_sync_publishes_a_generation_and_the_status_shows_it()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 120));

        var report = await Service.Collection(name).SyncNow();
        var status = await Service.Collection(name).GetStatus();

        Assert.Equal(SyncOutcome.Completed, report.Outcome);
        Assert.Equal(120, report.Points);
        Assert.True(status.BackupFileExists);
        Assert.Equal(report.Generation, status.Generation);
        Assert.Equal(120, status.PointCount);
        Assert.Equal(report.Bytes, status.SizeBytes);
        Assert.Equal(report.Checksum, status.Checksum);
        Assert.NotNull(status.LastSync);
        Assert.NotNull(status.NextSyncDue);
        Assert.Null(status.LastError);
    }

    [Fact]
    public async Task Concurrent_sync_requests_share_one_sync()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 200));
        Service.Primary.Faults.Latency = TimeSpan.FromMilliseconds(100);

        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Service.Collection(name).SyncNow()));

        Assert.Single(reports.Select(r => r.Generation).Distinct());
        Assert.Single(new BackupFolder(Service.BackupFolder).ListGenerations(name));
    }

    [Fact]
    public async Task A_doubled_reminder_tick_starts_no_second_sync()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 200));
        Service.Primary.Faults.Latency = TimeSpan.FromMilliseconds(100);
        var grain = Service.Collection(name);

        await grain.Tick();
        await grain.Tick();
        await Service.Events.WaitFor(ServiceEventKind.SyncCompleted, name);

        Assert.Single(new BackupFolder(Service.BackupFolder).ListGenerations(name));
        Assert.Single(Service.Events.Events, e => e.Kind == ServiceEventKind.SyncCompleted && e.Collection == name);
    }

    [Fact]
    public async Task Ticks_are_skipped_while_failover_is_active_and_say_why()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 50));
        var mode = await Service.Failover.ForceFailover("maintenance");
        await Service.WaitForSilosToLearn(mode.Version);

        var outcome = await Service.Collection(name).Tick();
        var skipped = await Service.Events.WaitFor(ServiceEventKind.SyncSkipped, name);
        var manual = await Service.Collection(name).SyncNow();

        Assert.Equal(SyncOutcome.Skipped, outcome);
        Assert.Contains("circuit is Open", skipped.Message, StringComparison.Ordinal);
        Assert.Equal(SyncOutcome.Skipped, manual.Outcome);
        Assert.Empty(new BackupFolder(Service.BackupFolder).ListGenerations(name));
    }

    [Fact]
    public async Task A_primary_failing_mid_scroll_keeps_the_previous_generation_and_reports_the_error()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 300));
        var first = await Service.Collection(name).SyncNow();
        var bytes = await File.ReadAllBytesAsync(new BackupFolder(Service.BackupFolder).Newest(name)!.Path, TestContext.Current.CancellationToken);
        Service.Primary.Faults.FailAfter(2, "Scroll", StatusCode.Internal);

        var failed = await Service.Collection(name).SyncNow();
        var status = await Service.Collection(name).GetStatus();

        Assert.Equal(SyncOutcome.Failed, failed.Outcome);
        Assert.Contains("Internal", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(first.Generation, status.Generation);
        Assert.Equal(failed.Reason, status.LastError);
        var generations = new BackupFolder(Service.BackupFolder).ListGenerations(name);
        Assert.Equal([first.Generation!.Value], generations.Select(g => g.Generation));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(generations[0].Path, TestContext.Current.CancellationToken));
    }
}
