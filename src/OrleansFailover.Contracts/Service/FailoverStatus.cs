using System.Text.Json.Serialization;

namespace OrleansFailover.Contracts.Service;

/// <summary>The whole service at a glance: for dashboards and <c>client status</c>.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.FailoverStatus")]
public sealed record class FailoverStatus
{
    [Id(0)] public bool BackupEnabled { get; init; }
    [Id(1)] public bool FailoverActive { get; init; }
    [Id(2)] public DateTimeOffset? FailoverSince { get; init; }
    [Id(3)] public TimeSpan? FailoverDuration { get; init; }

    /// <summary>"primary" or "backup".</summary>
    [Id(4)] public required string ActiveStore { get; init; }
    [Id(5)] public CircuitState Circuit { get; init; }
    [Id(6)] public int ConsecutiveFailures { get; init; }
    [Id(7)] public long TotalFailures { get; init; }
    [Id(8)] public int FailureThreshold { get; init; }
    [Id(9)] public DateTimeOffset? CircuitOpenedAt { get; init; }
    [Id(10)] public HealthCheckRecord? LastHealthCheck { get; init; }
    [Id(11)] public DateTimeOffset? LastBackupSync { get; init; }
    [Id(12)] public ManualOverride ManualOverride { get; init; }
    [Id(13)] public string? LastTransitionReason { get; init; }
    [Id(14)] public IReadOnlyList<CollectionStatus> Collections { get; init; } = [];
    /// <summary>Coordination between silos: inside the cluster only (0 in what clients and <c>/status</c> get).</summary>
    [Id(15), JsonIgnore] public long ModeVersion { get; init; }

    /// <summary>Qdrant is back and the journals are being replayed; traffic returns when every collection is done.</summary>
    [Id(16)] public bool SyncBackActive { get; init; }
    [Id(17)] public DateTimeOffset? SyncBackStartedAt { get; init; }
    [Id(18)] public IReadOnlyList<string> SyncBackPending { get; init; } = [];
    [Id(19)] public ConflictRule ConflictRule { get; init; }

    /// <summary>The silo the failover grain runs on (address:port@generation).</summary>
    [Id(20)] public string? HostedOn { get; init; }

    /// <summary>
    /// The current (or last) sync-back attempt (the mode version it began at); collections' reports carry it.
    /// Coordination between silos: inside the cluster only (0 in what clients and <c>/status</c> get).
    /// </summary>
    [Id(21), JsonIgnore] public long SyncBackAttempt { get; init; }

    /// <summary>Every collection the failover grain knows (restored on failover, replayed on return).</summary>
    [Id(22)] public IReadOnlyList<string> KnownCollections { get; init; } = [];
}
