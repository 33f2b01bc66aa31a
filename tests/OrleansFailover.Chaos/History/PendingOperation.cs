namespace OrleansFailover.Chaos.History;

/// <summary>An operation begun with <see cref="HistoryRecorder.Begin"/>: complete it exactly once.</summary>
public sealed class PendingOperation
{
    private readonly HistoryRecorder _recorder;
    private readonly long? _value;
    private readonly long _invokedAt;

    internal PendingOperation(HistoryRecorder recorder, int writer, OperationKind kind, ulong point, long? value, long invokedAt)
    {
        _recorder = recorder;
        Writer = writer;
        Kind = kind;
        Point = point;
        _value = value;
        _invokedAt = invokedAt;
    }

    public int Writer { get; }

    public OperationKind Kind { get; }

    public ulong Point { get; }

    /// <summary>Set once, under the recorder's lock.</summary>
    internal HistoryOperation? CompletedOperation { get; set; }

    /// <summary>The service acknowledged this upsert or delete.</summary>
    public void Acknowledge()
    {
        if (Kind == OperationKind.Read)
        {
            // A read's acknowledgement is only useful with what it saw.
            throw new InvalidOperationException("An acknowledged read completes with Observed(value).");
        }

        _recorder.Complete(this, OperationOutcome.Acknowledged, observed: null, failureReason: null);
    }

    /// <summary>This read succeeded and saw <paramref name="value"/> (the stored token, or null for absent).</summary>
    public void Observed(long? value)
    {
        if (Kind != OperationKind.Read)
        {
            throw new InvalidOperationException($"Only a read observes a value; an acknowledged {Kind} completes with Acknowledge().");
        }

        _recorder.Complete(this, OperationOutcome.Acknowledged, value, failureReason: null);
    }

    /// <summary>The caller saw an error or a timeout: the operation may or may not take effect.</summary>
    public void Fail(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        _recorder.Complete(this, OperationOutcome.Failed, observed: null, reason);
    }

    internal HistoryOperation ToOperation(long completedAt, OperationOutcome outcome, long? observed, string? failureReason) => new()
    {
        Writer = Writer,
        Kind = Kind,
        Point = Point,
        Value = _value,
        InvokedAt = _invokedAt,
        CompletedAt = completedAt,
        Outcome = outcome,
        Observed = observed,
        FailureReason = failureReason,
    };

    internal HistoryOperation ToNotCompleted(long snapshotAt) =>
        ToOperation(Math.Max(snapshotAt, _invokedAt), OperationOutcome.Failed, observed: null, HistoryRecorder.NotCompletedReason);
}
