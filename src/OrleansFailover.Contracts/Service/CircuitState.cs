namespace OrleansFailover.Contracts.Service;

/// <summary>The circuit breaker in front of Qdrant.</summary>
public enum CircuitState
{
    /// <summary>Qdrant is healthy: traffic goes to it.</summary>
    Closed = 0,

    /// <summary>Qdrant failed: traffic goes to the backup until the break duration has passed.</summary>
    Open = 1,

    /// <summary>One probe is checking whether Qdrant is back; traffic still goes to the backup.</summary>
    HalfOpen = 2,
}
