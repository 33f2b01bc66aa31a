namespace OrleansFailover.Service.Tests.Infrastructure;

/// <summary>One cluster per test class; <see cref="ResetAsync"/> puts it back to normal before each test.</summary>
public abstract class ClusterFixture(short silos, IDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    public ServiceCluster Service { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Service = await ServiceCluster.StartAsync(silos, settings);

    public async ValueTask DisposeAsync() => await Service.DisposeAsync();

    /// <summary>Qdrant up and fault-free, the circuit closed, every silo aware of it, no events remembered.</summary>
    public async Task ResetAsync()
    {
        Service.Primary.Faults.Reset();
        if (!Service.Primary.IsRunning)
        {
            await Service.Primary.StartAgainAsync();
        }

        await Returning.ResetAsync(Service.ReturnToPrimaryAsync);
        Service.Events.Clear();
    }
}

public sealed class SingleSiloCluster() : ClusterFixture(1);

public sealed class TwoSiloCluster() : ClusterFixture(2);

public sealed class DisabledBackupCluster() : ClusterFixture(1, new Dictionary<string, string?> { ["Backup:Enabled"] = "false" });

/// <summary>The failover grain's own timer probes every 200 ms.</summary>
public sealed class FastProbeCluster() : ClusterFixture(1, new Dictionary<string, string?> { ["Failover:ProbeInterval"] = "00:00:00.200" });

/// <summary>Calls to Qdrant time out after one second, so that a test can make one time out.</summary>
public sealed class ShortCallTimeoutCluster() : ClusterFixture(1, new Dictionary<string, string?> { ["Qdrant:CallTimeout"] = "00:00:01" });
