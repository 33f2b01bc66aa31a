using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Circuit;

/// <summary>The failover grain's persisted state: a restarted silo keeps the circuit and failover as they were.</summary>
[GenerateSerializer, Alias("OrleansFailover.FailoverState")]
public sealed class FailoverState
{
    [Id(0)] public CircuitState Circuit { get; set; } = CircuitState.Closed;
    [Id(1)] public int ConsecutiveFailures { get; set; }
    [Id(2)] public long TotalFailures { get; set; }
    [Id(3)] public DateTimeOffset? OpenedAt { get; set; }
    [Id(4)] public DateTimeOffset? FailoverSince { get; set; }
    [Id(5)] public ManualOverride ManualOverride { get; set; }
    [Id(6)] public HealthCheckRecord? LastHealthCheck { get; set; }
    [Id(7)] public string? LastTransitionReason { get; set; }
    [Id(8)] public long ModeVersion { get; set; }
    [Id(9)] public HashSet<string> Collections { get; set; } = new(StringComparer.Ordinal);
    [Id(10)] public DateTimeOffset? LastBackupSync { get; set; }

    public bool FailoverActive => Circuit != CircuitState.Closed;

    public ServiceMode ToMode() => new(ModeVersion, Circuit, FailoverActive, FailoverSince);
}
