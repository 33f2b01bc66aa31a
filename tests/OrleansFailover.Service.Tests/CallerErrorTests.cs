using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Service.Tests.Infrastructure;

namespace OrleansFailover.Service.Tests;

/// <summary>
/// A client's bad request is that client's error: a request Qdrant refuses as too large, or one that runs past its
/// deadline while Qdrant answers everyone else, never counts against Qdrant's health and never opens the circuit.
/// </summary>
public sealed class CallerErrorTests(ShortCallTimeoutCluster fixture) : IClassFixture<ShortCallTimeoutCluster>, IAsyncLifetime
{
    private ServiceCluster Service => fixture.Service;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync()
    {
        Service.Primary.Faults.Reset();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Requests_too_large_for_qdrant_fail_for_their_caller_and_leave_the_circuit_closed()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 10));
        // 70 points of 1 MiB each: more than the 64 MiB a gRPC message to Qdrant may carry.
        var oversized = TestData.Small(points: 70, seed: 97).Points()
            .Select(p => p with { Payload = new Dictionary<string, PayloadValue> { ["text"] = PayloadValue.FromString(new string('y', 1024 * 1024)) } })
            .ToArray();

        var errors = new List<VectorStoreException>();
        for (var i = 0; i < 3; i++)
        {
            errors.Add(await Assert.ThrowsAsync<VectorStoreException>(() => Service.Router.Upsert(name, oversized)));
        }

        var status = await Service.Status.GetStatus();
        Assert.All(errors, e => Assert.NotEqual(VectorStoreErrorKind.Unavailable, e.Kind));
        Assert.Equal(CircuitState.Closed, status.Circuit);
        Assert.Equal(0, status.ConsecutiveFailures);
        Assert.Equal(10, await Service.Router.Count(name));
    }

    [Fact]
    public async Task Calls_that_run_past_their_deadline_while_qdrant_answers_probes_leave_the_circuit_closed()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 10));
        Service.Primary.Faults.Hold("Upsert", name); // this collection's upserts hang; Qdrant answers everything else

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<VectorStoreException>(() => Service.Router.Upsert(name, TestData.Small(points: 1, seed: 98 + i).Points().ToArray()));
        }

        Service.Primary.Faults.ReleaseHeld();
        var mode = await Service.Failover.ProbeNow();
        var status = await Service.Status.GetStatus();

        Assert.Equal(CircuitState.Closed, mode.Circuit);
        Assert.Equal(0, status.ConsecutiveFailures);
    }
}
