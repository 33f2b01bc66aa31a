using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Options;

/// <summary>Configuration section "Failover": the circuit breaker in front of Qdrant.</summary>
public sealed class FailoverOptions
{
    public const string Section = "Failover";

    /// <summary>Consecutive failures (probes or reported calls) that open the circuit.</summary>
    public int FailureThreshold { get; set; } = 3;

    /// <summary>How long the circuit stays open before one probe may close it.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the failover grain probes Qdrant's health.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>What sync-back does with a point changed both during failover and in Qdrant meanwhile.</summary>
    public ConflictRule ConflictRule { get; set; } = ConflictRule.NewestWins;

    /// <summary>Points per batch when sync-back replays a journal into Qdrant.</summary>
    public int ReplayBatchPoints { get; set; } = 1024;

    /// <summary>
    /// A Qdrant that comes back with fewer points than this fraction of the backup (or without the collection) lost
    /// its data: sync-back re-seeds it from the backup before replaying the journal.
    /// </summary>
    public double ReseedBelowFraction { get; set; } = 0.5;
}
