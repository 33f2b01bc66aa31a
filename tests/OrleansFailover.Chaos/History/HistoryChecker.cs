using System.Globalization;

namespace OrleansFailover.Chaos.History;

/// <summary>
/// Checks a recorded history against a per-point register (last write wins in real-time order, a delete writes
/// "absent"): every final value and every acknowledged read must be explained by a write that may have been the latest
/// at that moment. Pure: no I/O, no clock, no randomness.
/// </summary>
/// <remarks>
/// Each observation is judged on its own, not by a full linearizability search (as Knossos does): two reads that see
/// two concurrent writes in opposite orders both pass. That keeps the check linear-logarithmic for any history, and it
/// still catches what DATA-SAFETY.md promises against: lost acknowledged writes, resurrected deletes, invisible writes
/// and values no one wrote.
/// </remarks>
public static class HistoryChecker
{
    /// <param name="history">The operations, from <see cref="HistoryRecorder.Snapshot"/> or built by hand.</param>
    /// <param name="initialState">Point to token (present) or null (absent) before the history; points not listed
    /// were absent.</param>
    /// <param name="finalState">Point to token or null after the history, read from Qdrant directly; points not listed
    /// are absent, so scrolling the collection's points is enough.</param>
    /// <exception cref="ArgumentException">The history cannot be judged: a token reused or not positive, a completion
    /// before its invocation, a value on a delete, an observed value on a write or a failed read.</exception>
    public static HistoryReport Check(
        RecordedHistory history,
        IReadOnlyDictionary<ulong, long?> initialState,
        IReadOnlyDictionary<ulong, long?> finalState)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(initialState);
        ArgumentNullException.ThrowIfNull(finalState);

        var writesByToken = new Dictionary<long, PointWrite>();
        var writesByPoint = new Dictionary<ulong, PointWrites>();
        var counts = new int[6];
        var failureReasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var acknowledgedReads = new List<HistoryOperation>();

        foreach (var (point, token) in initialState)
        {
            if (token is <= 0)
            {
                throw new ArgumentException($"Point {point}'s initial token {token} is not positive.", nameof(initialState));
            }

            var initial = PointWrite.InitialState(point, token);
            WritesOf(point).InitialState = initial;
            RegisterToken(initial, nameof(initialState));
        }

        foreach (var operation in history.Operations)
        {
            Validate(operation);
            counts[CountIndex(operation.Kind, operation.Outcome)]++;
            if (operation.Outcome == OperationOutcome.Failed)
            {
                var reason = operation.FailureReason ?? "no reason given";
                failureReasons[reason] = failureReasons.GetValueOrDefault(reason) + 1;
            }

            var writes = WritesOf(operation.Point);
            if (operation.IsWrite)
            {
                var write = PointWrite.Of(operation);
                (write.IsAcknowledged ? writes.Acknowledged : writes.Failed).Add(write);
                RegisterToken(write, nameof(history));
            }
            else if (operation.Outcome == OperationOutcome.Acknowledged)
            {
                // A failed read saw nothing the caller could rely on: it is counted, not judged.
                acknowledgedReads.Add(operation);
            }
        }

        foreach (var point in finalState.Keys)
        {
            WritesOf(point);
        }

        var clock = RelativeClock.For(history);

        var timelines = writesByPoint.ToDictionary(
            entry => entry.Key,
            entry => new PointTimeline(
                entry.Key,
                entry.Value.InitialState ?? PointWrite.InitialState(entry.Key, token: null),
                entry.Value.Acknowledged,
                entry.Value.Failed));

        var lost = new List<Violation>();
        var resurrected = new List<Violation>();
        var phantoms = new List<Violation>();
        var invisibleReads = new List<Violation>();
        var indeterminatePoints = 0;

        foreach (var point in timelines.Keys.Order())
        {
            var timeline = timelines[point];
            var observed = finalState.GetValueOrDefault(point);
            var judgement = timeline.Judge(observed, long.MaxValue, long.MaxValue, writesByToken);
            switch (judgement.Verdict)
            {
                case ObservationVerdict.Explained:
                    break;
                case ObservationVerdict.ExplainedOnlyByFailedWrite:
                    indeterminatePoints++;
                    break;
                case ObservationVerdict.NeverWrittenHere:
                    phantoms.Add(FinalStateViolation(ViolationKind.Phantom, timeline, observed, judgement,
                        () => $"final value {RelativeClock.Value(observed)} was never written to this point{ElsewhereNote(judgement.ObservedWrite, clock)}"));
                    break;
                case ObservationVerdict.Superseded when timeline.AcknowledgedDeleteAfter(judgement.ObservedWrite!) is { } delete:
                    resurrected.Add(FinalStateViolation(ViolationKind.Resurrected, timeline, observed, judgement with { Missed = delete },
                        () => $"final value {RelativeClock.Value(observed)} from {clock.Write(judgement.ObservedWrite!)} came back after {clock.Write(delete)}"));
                    break;
                case ObservationVerdict.Superseded:
                    lost.Add(FinalStateViolation(ViolationKind.Lost, timeline, observed, judgement,
                        () => $"final value {RelativeClock.Value(observed)} from {clock.Write(judgement.ObservedWrite!)} was superseded by {clock.Write(judgement.Missed!)}, which is missing"));
                    break;
                case ObservationVerdict.AbsenceUnexplained:
                    lost.Add(FinalStateViolation(ViolationKind.Lost, timeline, observed, judgement,
                        () => $"final state absent, but {clock.Write(judgement.Missed!)} is missing"));
                    break;
                default:
                    throw new InvalidOperationException($"A final value cannot be judged {judgement.Verdict}.");
            }
        }

        foreach (var read in acknowledgedReads.OrderBy(read => read.InvokedAt))
        {
            var timeline = timelines[read.Point];
            var judgement = timeline.Judge(read.Observed, read.InvokedAt, read.CompletedAt, writesByToken);
            switch (judgement.Verdict)
            {
                case ObservationVerdict.Explained or ObservationVerdict.ExplainedOnlyByFailedWrite:
                    break;
                case ObservationVerdict.NeverWrittenHere:
                    phantoms.Add(ReadViolation(ViolationKind.Phantom, timeline, read, judgement,
                        () => $"{Saw(read)}, never written to this point{ElsewhereNote(judgement.ObservedWrite, clock)}"));
                    break;
                case ObservationVerdict.FromTheFuture:
                    phantoms.Add(ReadViolation(ViolationKind.Phantom, timeline, read, judgement,
                        () => $"{Saw(read)} from {clock.Write(judgement.ObservedWrite!)}, invoked after the read completed"));
                    break;
                case ObservationVerdict.Superseded:
                    invisibleReads.Add(ReadViolation(ViolationKind.InvisibleRead, timeline, read, judgement,
                        () => $"{Saw(read)} from {clock.Write(judgement.ObservedWrite!)}, but {clock.Write(judgement.Missed!)} superseded it before the read began"));
                    break;
                case ObservationVerdict.AbsenceUnexplained:
                    invisibleReads.Add(ReadViolation(ViolationKind.InvisibleRead, timeline, read, judgement,
                        () => $"{Saw(read)}, but {clock.Write(judgement.Missed!)} was acknowledged before the read began"));
                    break;
                default:
                    throw new InvalidOperationException($"A read cannot be judged {judgement.Verdict}.");
            }
        }

        return new HistoryReport
        {
            Operations = new OperationCounts(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]),
            PointsChecked = timelines.Count,
            IndeterminatePoints = indeterminatePoints,
            Lost = lost,
            Resurrected = resurrected,
            Phantoms = phantoms,
            InvisibleReads = invisibleReads,
            FailureReasons = [.. failureReasons
                .OrderByDescending(entry => entry.Value)
                .ThenBy(entry => entry.Key, StringComparer.Ordinal)
                .Select(entry => new FailureReasonCount(entry.Key, entry.Value))],
        };

        PointWrites WritesOf(ulong point)
        {
            if (!writesByPoint.TryGetValue(point, out var writes))
            {
                writes = new PointWrites();
                writesByPoint.Add(point, writes);
            }

            return writes;
        }

        void RegisterToken(PointWrite write, string parameterName)
        {
            // Unique tokens are what let a final value name the one write that produced it.
            if (write.Value is { } token && !writesByToken.TryAdd(token, write))
            {
                throw new ArgumentException(
                    $"Token {token} is written twice (point {writesByToken[token].Point} and point {write.Point}): tokens must be unique across the history.",
                    parameterName);
            }
        }

        string Saw(HistoryOperation read) => $"{clock.Read(read)} saw {RelativeClock.Value(read.Observed)}";

        Violation FinalStateViolation(ViolationKind kind, PointTimeline timeline, long? observed, Judgement judgement, Func<string> what) =>
            Describe(kind, timeline, observed, read: null, judgement, what, long.MaxValue, long.MaxValue);

        Violation ReadViolation(ViolationKind kind, PointTimeline timeline, HistoryOperation read, Judgement judgement, Func<string> what) =>
            Describe(kind, timeline, read.Observed, read, judgement, what, read.InvokedAt, read.CompletedAt);

        Violation Describe(
            ViolationKind kind, PointTimeline timeline, long? observed, HistoryOperation? read, Judgement judgement, Func<string> what, long began, long ended)
        {
            var (candidates, notListed) = timeline.Candidates(began, ended);
            return new Violation(() =>
            {
                var allowed = string.Join(", ", candidates.Select(clock.Write));
                var more = notListed > 0 ? string.Create(CultureInfo.InvariantCulture, $" and {notListed} more") : "";
                return string.Create(CultureInfo.InvariantCulture, $"{Label(kind)} point {timeline.Point}: {what()}; allowed: {allowed}{more}");
            })
            {
                Kind = kind,
                Point = timeline.Point,
                Observed = observed,
                Read = read,
                ObservedWrite = judgement.ObservedWrite?.Point == timeline.Point ? judgement.ObservedWrite : null,
                Missed = judgement.Missed,
                Candidates = candidates,
                CandidatesNotListed = notListed,
            };
        }
    }

    private static string ElsewhereNote(PointWrite? writeElsewhere, RelativeClock clock) =>
        writeElsewhere is null
            ? " (no operation wrote this token)"
            : string.Create(CultureInfo.InvariantCulture, $" (it is the token of {clock.Write(writeElsewhere)} to point {writeElsewhere.Point})");

    private static string Label(ViolationKind kind) => kind switch
    {
        ViolationKind.Lost => "LOST",
        ViolationKind.Resurrected => "RESURRECTED",
        ViolationKind.Phantom => "PHANTOM",
        ViolationKind.InvisibleRead => "INVISIBLE",
        _ => kind.ToString(),
    };

    private static int CountIndex(OperationKind kind, OperationOutcome outcome) =>
        ((int)kind * 2) + (outcome == OperationOutcome.Acknowledged ? 0 : 1);

    private static void Validate(HistoryOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        string? problem = null;
        if (operation.InvokedAt == long.MinValue || operation.CompletedAt == long.MaxValue)
        {
            // The extremes stand for "before everything" (initial state) and "after everything" (final state).
            problem = "uses a reserved instant (long.MinValue or long.MaxValue)";
        }
        else if (operation.CompletedAt < operation.InvokedAt)
        {
            problem = "completed before it was invoked";
        }
        else if (operation.Kind == OperationKind.Upsert && operation.Value is not > 0)
        {
            problem = "is an upsert without a positive token";
        }
        else if (operation.Kind != OperationKind.Upsert && operation.Value is not null)
        {
            problem = "carries a token but is not an upsert";
        }
        else if (operation.Observed is not null && (operation.Kind != OperationKind.Read || operation.Outcome != OperationOutcome.Acknowledged))
        {
            problem = "has an observed value but is not an acknowledged read";
        }
        else if (!Enum.IsDefined(operation.Kind) || !Enum.IsDefined(operation.Outcome))
        {
            problem = "has an unknown kind or outcome";
        }

        if (problem is not null)
        {
            throw new ArgumentException($"Cannot check this history: {operation} {problem}.", "history");
        }
    }

    /// <summary>One point's writes while the history is read; becomes a <see cref="PointTimeline"/>.</summary>
    private sealed class PointWrites
    {
        public PointWrite? InitialState { get; set; }

        public List<PointWrite> Acknowledged { get; } = [];

        public List<PointWrite> Failed { get; } = [];
    }
}
