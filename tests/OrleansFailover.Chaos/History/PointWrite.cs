namespace OrleansFailover.Chaos.History;

/// <summary>
/// A write to one point as the checker reasons about it: a recorded upsert or delete, or the point's initial state,
/// which counts as an acknowledged write completed before everything.
/// </summary>
public sealed record PointWrite
{
    public required ulong Point { get; init; }

    /// <summary>Upsert or Delete; the initial state is an upsert when the point was present, a delete when absent.</summary>
    public required OperationKind Kind { get; init; }

    /// <summary>The token written, or null for "absent".</summary>
    public long? Value { get; init; }

    /// <summary><see cref="long.MinValue"/> for the initial state.</summary>
    public required long InvokedAt { get; init; }

    /// <summary><see cref="long.MinValue"/> for the initial state.</summary>
    public required long CompletedAt { get; init; }

    /// <summary>The recorded operation, or null for the initial state.</summary>
    public HistoryOperation? Operation { get; init; }

    public bool IsInitialState => Operation is null;

    public bool IsAcknowledged => Operation is null || Operation.Outcome == OperationOutcome.Acknowledged;

    internal static PointWrite InitialState(ulong point, long? token) => new()
    {
        Point = point,
        Kind = token is null ? OperationKind.Delete : OperationKind.Upsert,
        Value = token,
        InvokedAt = long.MinValue,
        CompletedAt = long.MinValue,
    };

    internal static PointWrite Of(HistoryOperation operation) => new()
    {
        Point = operation.Point,
        Kind = operation.Kind,
        Value = operation.Value,
        InvokedAt = operation.InvokedAt,
        CompletedAt = operation.CompletedAt,
        Operation = operation,
    };
}
