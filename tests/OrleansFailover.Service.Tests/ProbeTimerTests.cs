using OrleansFailover.Contracts.Service;
using OrleansFailover.Service.Tests.Infrastructure;

namespace OrleansFailover.Service.Tests;

/// <summary>The failover grain's own timer notices Qdrant going away and coming back, with no caller involved.</summary>
public sealed class ProbeTimerTests(FastProbeCluster fixture) : IClassFixture<FastProbeCluster>, IAsyncLifetime
{
    private ServiceCluster Service => fixture.Service;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Probes_open_the_circuit_after_the_threshold_and_close_it_after_the_break()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 30));
        await Service.Collection(name).SyncNow();

        await Service.Primary.StopAsync();
        var opened = await Service.Events.WaitFor(ServiceEventKind.CircuitOpened);
        var restored = await Service.Events.WaitFor(ServiceEventKind.RestoreCompleted, name);

        await Service.Primary.StartAgainAsync();
        Service.ServiceClock.Advance(TimeSpan.FromSeconds(30));
        var syncBack = await Service.Events.WaitFor(e => e.Kind == ServiceEventKind.CircuitHalfOpened && e.Message.Contains("healthy again", StringComparison.Ordinal), cancellationToken: TestContext.Current.CancellationToken);
        var closed = await Service.Events.WaitFor(ServiceEventKind.CircuitClosed);

        Assert.Contains("3 consecutive failures, the last: health probe", opened.Message, StringComparison.Ordinal);
        Assert.Contains("restored generation 1", restored.Message, StringComparison.Ordinal);
        Assert.Contains("replaying the failover journals", syncBack.Message, StringComparison.Ordinal);
        Assert.Contains("sync-back complete", closed.Message, StringComparison.Ordinal);
        Assert.False((await Service.Failover.GetMode()).FailoverActive);
    }
}
