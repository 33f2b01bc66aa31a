namespace OrleansFailover.Chaos.History;

/// <summary>What the caller learned when the operation completed.</summary>
public enum OperationOutcome
{
    /// <summary>The service said yes: a write must now be durable and visible; a read's value is what it saw.</summary>
    Acknowledged,

    /// <summary>
    /// The caller saw an error or a timeout. The outcome is indeterminate: a failed write may or may not take effect,
    /// at any instant after it was invoked (even after the caller gave up), so the checker accepts both.
    /// </summary>
    Failed,
}
