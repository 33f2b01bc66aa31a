using OrleansFailover.Contracts.Service;
using OrleansFailover.Service.Tests.Infrastructure;

namespace OrleansFailover.Service.Tests;

/// <summary>Failover survives the loss of the silos that hold its grains: the state is persisted.</summary>
public sealed class RestartTests(TwoSiloCluster fixture) : IClassFixture<TwoSiloCluster>, IAsyncLifetime
{
    private ServiceCluster Service => fixture.Service;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Restarting_the_silo_that_holds_the_failover_grain_keeps_the_service_in_failover()
    {
        var workload = TestData.Small(points: 80);
        var name = await TestData.CreateCollectionAsync(Service, workload);
        await Service.Collection(name).SyncNow();
        await Service.Primary.StopAsync();
        var (before, _) = await Routing.UntilAnsweredAsync(() => Service.Router.Search(name, TestData.DenseQuery(workload, 0)));
        var failoverSince = (await Service.Status.GetStatus()).FailoverSince;

        await Service.RestartSiloHostingAsync(Service.Failover.GetGrainId());
        await Service.RestartSiloHostingAsync(Service.Collection(name).GetGrainId());

        var mode = await Service.Failover.GetMode();
        var status = await Service.Status.GetStatus();
        var after = await Service.Router.Search(name, TestData.DenseQuery(workload, 0));
        Assert.True(mode.FailoverActive);
        Assert.Equal(CircuitState.Open, mode.Circuit);
        Assert.Equal(failoverSince, status.FailoverSince);
        Assert.Contains(name, status.Collections.Select(c => c.Name));
        Routing.AssertSameHits(before, after);
    }
}
