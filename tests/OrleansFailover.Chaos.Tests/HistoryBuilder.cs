using OrleansFailover.Chaos.History;

namespace OrleansFailover.Chaos.Tests;

/// <summary>Hand-written histories, in milliseconds (one tick is one millisecond) so each test reads as a timeline.</summary>
internal sealed class HistoryBuilder
{
    public const long TicksPerSecond = 1000;

    private readonly List<HistoryOperation> _operations = [];
    private readonly Dictionary<ulong, long?> _initialState = [];

    public IReadOnlyDictionary<ulong, long?> InitialState => _initialState;

    public RecordedHistory History => new([.. _operations], TicksPerSecond);

    public HistoryBuilder Initially(ulong point, long? token)
    {
        _initialState[point] = token;
        return this;
    }

    public HistoryBuilder Upsert(ulong point, long token, long from, long to, int writer = 1) =>
        Add(writer, OperationKind.Upsert, point, token, from, to, OperationOutcome.Acknowledged);

    public HistoryBuilder FailedUpsert(ulong point, long token, long from, long to, int writer = 1, string reason = "timeout") =>
        Add(writer, OperationKind.Upsert, point, token, from, to, OperationOutcome.Failed, failureReason: reason);

    public HistoryBuilder Delete(ulong point, long from, long to, int writer = 1) =>
        Add(writer, OperationKind.Delete, point, null, from, to, OperationOutcome.Acknowledged);

    public HistoryBuilder FailedDelete(ulong point, long from, long to, int writer = 1, string reason = "timeout") =>
        Add(writer, OperationKind.Delete, point, null, from, to, OperationOutcome.Failed, failureReason: reason);

    public HistoryBuilder Read(ulong point, long from, long to, long? observed, int writer = 1) =>
        Add(writer, OperationKind.Read, point, null, from, to, OperationOutcome.Acknowledged, observed);

    public HistoryBuilder FailedRead(ulong point, long from, long to, int writer = 1, string reason = "timeout") =>
        Add(writer, OperationKind.Read, point, null, from, to, OperationOutcome.Failed, failureReason: reason);

    /// <summary>Checks against a final state given as (point, token or null); points left out are absent.</summary>
    public HistoryReport Check(params (ulong Point, long? Token)[] finalState) =>
        HistoryChecker.Check(History, _initialState, finalState.ToDictionary(entry => entry.Point, entry => entry.Token));

    private HistoryBuilder Add(
        int writer, OperationKind kind, ulong point, long? value, long from, long to, OperationOutcome outcome,
        long? observed = null, string? failureReason = null)
    {
        _operations.Add(new HistoryOperation
        {
            Writer = writer,
            Kind = kind,
            Point = point,
            Value = value,
            InvokedAt = from,
            CompletedAt = to,
            Outcome = outcome,
            Observed = observed,
            FailureReason = failureReason,
        });
        return this;
    }
}
