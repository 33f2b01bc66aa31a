namespace OrleansFailover.Chaos.History;

/// <summary>
/// One operation of a history: who did what to which point, between which two instants of one monotonic clock,
/// and how it ended.
/// </summary>
public sealed record HistoryOperation
{
    /// <summary>The concurrent task that issued it (only reported, never used to order operations).</summary>
    public required int Writer { get; init; }

    public required OperationKind Kind { get; init; }

    public required ulong Point { get; init; }

    /// <summary>An upsert's token: positive and unique across the whole history. Null for deletes and reads.</summary>
    public long? Value { get; init; }

    /// <summary>Clock ticks taken before the request was sent.</summary>
    public required long InvokedAt { get; init; }

    /// <summary>Clock ticks taken after the answer (or the error) came back.</summary>
    public required long CompletedAt { get; init; }

    public required OperationOutcome Outcome { get; init; }

    /// <summary>For an acknowledged read: the token it saw, or null when the point was absent.</summary>
    public long? Observed { get; init; }

    /// <summary>For a failed operation: what the caller saw (kept for the report).</summary>
    public string? FailureReason { get; init; }

    public bool IsWrite => Kind is OperationKind.Upsert or OperationKind.Delete;
}
