using System.Diagnostics;

namespace OrleansFailover.Chaos.History;

/// <summary>
/// Records a history while concurrent writers run: <see cref="Begin"/> just before a request is sent, then one of
/// <see cref="PendingOperation.Acknowledge"/>, <see cref="PendingOperation.Observed"/> or
/// <see cref="PendingOperation.Fail"/> as soon as its answer or error is back. Thread-safe.
/// </summary>
public sealed class HistoryRecorder
{
    /// <summary>The reason given to operations that had not completed when the history was taken.</summary>
    public const string NotCompletedReason = "not completed when the history was taken";

    private readonly Lock _lock = new();
    private readonly List<PendingOperation> _operations = [];
    private readonly Func<long> _clock;

    /// <summary>Records with <see cref="Stopwatch.GetTimestamp"/>: monotonic, and one clock for every writer.</summary>
    public HistoryRecorder()
        : this(Stopwatch.GetTimestamp, Stopwatch.Frequency)
    {
    }

    /// <summary>Records with the given clock, which must be monotonic and shared by every writer.</summary>
    public HistoryRecorder(Func<long> clock, long ticksPerSecond)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ticksPerSecond);
        _clock = clock;
        TicksPerSecond = ticksPerSecond;
    }

    public long TicksPerSecond { get; }

    /// <summary>
    /// Starts an operation, stamping its invocation now. <paramref name="value"/> is the upsert's unique positive token,
    /// and must be null for deletes and reads.
    /// </summary>
    public PendingOperation Begin(int writer, OperationKind kind, ulong point, long? value = null)
    {
        if (kind == OperationKind.Upsert)
        {
            if (value is not > 0)
            {
                throw new ArgumentException($"An upsert needs a positive token, got {value?.ToString() ?? "null"}.", nameof(value));
            }
        }
        else if (value is not null)
        {
            throw new ArgumentException($"A {kind} carries no token, got {value}.", nameof(value));
        }

        // The interval must contain the request's whole life: this stamp is taken before the caller sends, the
        // completion stamp after the answer is back. An early invocation or a late completion only widens the
        // interval (a more lenient check); a stamp on the wrong side of the request could flag a correct service.
        var invokedAt = _clock();
        var pending = new PendingOperation(this, writer, kind, point, value, invokedAt);
        lock (_lock)
        {
            _operations.Add(pending);
        }

        return pending;
    }

    /// <summary>
    /// The history so far. Operations still pending are included as failed (indeterminate) with
    /// <see cref="NotCompletedReason"/>, completed at the snapshot: they may yet take effect, as a timed-out call may.
    /// </summary>
    public RecordedHistory Snapshot()
    {
        lock (_lock)
        {
            var takenAt = _clock();
            var operations = new HistoryOperation[_operations.Count];
            for (var i = 0; i < operations.Length; i++)
            {
                operations[i] = _operations[i].CompletedOperation ?? _operations[i].ToNotCompleted(takenAt);
            }

            return new RecordedHistory(operations, TicksPerSecond);
        }
    }

    internal void Complete(PendingOperation pending, OperationOutcome outcome, long? observed, string? failureReason)
    {
        // Stamped before the lock: as soon as the answer is known, however long other writers hold the lock.
        var completedAt = _clock();
        lock (_lock)
        {
            if (pending.CompletedOperation is not null)
            {
                throw new InvalidOperationException(
                    $"Operation {pending.Kind} of point {pending.Point} by writer {pending.Writer} was already completed.");
            }

            pending.CompletedOperation = pending.ToOperation(completedAt, outcome, observed, failureReason);
        }
    }
}
