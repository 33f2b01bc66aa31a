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
}
