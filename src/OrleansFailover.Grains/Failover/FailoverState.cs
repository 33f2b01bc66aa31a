using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Failover;

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

    /// <summary>Set while sync-back runs: Qdrant is back and the journals are being replayed (the circuit is HalfOpen).</summary>
    [Id(11)] public DateTimeOffset? SyncBackStartedAt { get; set; }

    /// <summary>The collections whose sync-back has not reported success yet.</summary>
    [Id(12)] public HashSet<string> SyncBackPending { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The sync-back under way (or the last one), named by the mode version it began at: commands carry it, a
    /// collection's report names it, and a late report of an earlier attempt is ignored.
    /// </summary>
    [Id(13)] public long SyncBackAttempt { get; set; }

    /// <summary>Collections told that traffic is back on Qdrant that have not yet said they dropped their copies.</summary>
    [Id(14)] public HashSet<string> ReturnPending { get; set; } = new(StringComparer.Ordinal);

    public bool SyncBackActive => SyncBackStartedAt is not null;

    public bool FailoverActive => Circuit != CircuitState.Closed;

    public ServiceMode ToMode() => new(ModeVersion, Circuit, FailoverActive, FailoverSince);
}
