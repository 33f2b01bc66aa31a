using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Failover;

/// <summary>A change of the circuit's state and why it happened; <see cref="StartsSyncBack"/> when Qdrant is back and the journals are to be replayed.</summary>
public sealed record CircuitTransition(CircuitState From, CircuitState To, string Reason)
{
    public bool StartsSyncBack { get; init; }
}
