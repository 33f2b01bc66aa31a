using OrleansFailover.Backups.Storage;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Service.Tests.Infrastructure;

namespace OrleansFailover.Service.Tests;

/// <summary>With Backup:Enabled false there are no periodic syncs; manual syncs still work.</summary>
public sealed class DisabledBackupTests(DisabledBackupCluster fixture) : IClassFixture<DisabledBackupCluster>, IAsyncLifetime
{
    private ServiceCluster Service => fixture.Service;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Periodic_ticks_are_skipped_but_a_manual_sync_runs()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 40));

        var tick = await Service.Collection(name).Tick();
        var skipped = await Service.Events.WaitFor(ServiceEventKind.SyncSkipped, name);
        var manual = await Service.Collection(name).SyncNow();
        var status = await Service.Status.GetStatus();

        Assert.Equal(SyncOutcome.Skipped, tick);
        Assert.Contains("Backup:Enabled is false", skipped.Message, StringComparison.Ordinal);
        Assert.Equal(SyncOutcome.Completed, manual.Outcome);
        Assert.False(status.BackupEnabled);
        Assert.Single(new BackupFolder(Service.BackupFolder).ListGenerations(name));
    }

    [Fact]
    public async Task Without_backups_the_journal_does_not_grow_with_every_write_qdrant_holds()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 10));
        foreach (var point in TestData.Small(points: 20, seed: 12).Points())
        {
            await Service.Router.Upsert(name, [point]);
        }

        var journal = await Service.Collection(name).GetJournal();

        // Nothing would ever fold these records into a generation: keeping them would grow the journal without end.
        Assert.Equal(0, journal.Records);
    }
}
