namespace OrleansFailover.Chaos.History;

/// <summary>
/// The writes to one point, indexed so that "which values may an observation over [began, ended] see?" costs a couple of
/// binary searches. The model is a register: last write wins in real-time order, a delete writes "absent".
/// </summary>
/// <remarks>
/// One relation orders operations: A precedes B iff A.CompletedAt &lt; B.InvokedAt. Equal ticks are concurrent, since
/// the clock cannot tell their order. An observation over [began, ended] may see the value of a write X iff
/// X.InvokedAt &lt;= ended (X is not from its future) and, for an acknowledged X, no acknowledged Y has X preceding Y
/// and Y preceding the observation (X was not superseded before it began). A failed X may land at any instant after
/// its invocation, so only the first condition applies. The final state is the observation over [+inf, +inf].
/// </remarks>
internal sealed class PointTimeline
{
    /// <summary>How many candidate writes a violation lists; enough to see what was expected, short enough to read.</summary>
    private const int CandidatesListed = 8;

    private readonly PointWrite[] _acknowledgedByCompletion;

    /// <summary>[i] indexes the write with the latest invocation among _acknowledgedByCompletion[0..i].</summary>
    private readonly int[] _latestInvokedUpTo;

    private readonly PointWrite[] _acknowledgedDeletesByInvocation;

    /// <summary>[i] indexes the delete with the latest completion among _acknowledgedDeletesByInvocation[0..i].</summary>
    private readonly int[] _latestCompletedUpTo;

    private readonly PointWrite[] _failedByInvocation;
    private readonly PointWrite? _earliestFailedDelete;
    private readonly long _longestAcknowledgedDuration;

    /// <param name="initialState">Counts as acknowledged and completed before everything, so every observation has a
    /// latest acknowledged write before it.</param>
    public PointTimeline(ulong point, PointWrite initialState, IReadOnlyList<PointWrite> acknowledged, IReadOnlyList<PointWrite> failed)
    {
        Point = point;
        _acknowledgedByCompletion = [initialState, .. acknowledged];
        Array.Sort(_acknowledgedByCompletion, (left, right) => left.CompletedAt.CompareTo(right.CompletedAt));
        _latestInvokedUpTo = LatestUpTo(_acknowledgedByCompletion, write => write.InvokedAt);

        _acknowledgedDeletesByInvocation = [.. _acknowledgedByCompletion.Where(write => write.Kind == OperationKind.Delete)];
        Array.Sort(_acknowledgedDeletesByInvocation, (left, right) => left.InvokedAt.CompareTo(right.InvokedAt));
        _latestCompletedUpTo = LatestUpTo(_acknowledgedDeletesByInvocation, write => write.CompletedAt);

        _failedByInvocation = [.. failed];
        Array.Sort(_failedByInvocation, (left, right) => left.InvokedAt.CompareTo(right.InvokedAt));
        _earliestFailedDelete = _failedByInvocation.FirstOrDefault(write => write.Kind == OperationKind.Delete);

        _longestAcknowledgedDuration = acknowledged.Count == 0 ? 0 : acknowledged.Max(write => write.CompletedAt - write.InvokedAt);
    }

    public ulong Point { get; }

    /// <summary>Judges a value observed over [<paramref name="began"/>, <paramref name="ended"/>].</summary>
    /// <param name="writesByToken">Every upsert and initial token of the history, to tell a token written to another
    /// point from one never written at all.</param>
    public Judgement Judge(long? observed, long began, long ended, IReadOnlyDictionary<long, PointWrite> writesByToken)
    {
        var latest = LatestAcknowledgedBefore(began);
        if (observed is { } token)
        {
            if (!writesByToken.TryGetValue(token, out var source) || source.Point != Point)
            {
                return new Judgement(ObservationVerdict.NeverWrittenHere, ObservedWrite: source);
            }

            if (source.InvokedAt > ended)
            {
                return new Judgement(ObservationVerdict.FromTheFuture, source);
            }

            if (!source.IsAcknowledged)
            {
                return new Judgement(ObservationVerdict.ExplainedOnlyByFailedWrite, source);
            }

            // latest has the latest invocation of all acknowledged writes completed before the observation began:
            // source was superseded before it began iff latest was invoked after source completed.
            return source.CompletedAt >= latest.InvokedAt
                ? new Judgement(ObservationVerdict.Explained, source)
                : new Judgement(ObservationVerdict.Superseded, source, latest);
        }

        var deletesInvoked = CountInvokedBy(_acknowledgedDeletesByInvocation, ended);
        if (deletesInvoked > 0)
        {
            var latestCompletedDelete = _acknowledgedDeletesByInvocation[_latestCompletedUpTo[deletesInvoked - 1]];
            if (latestCompletedDelete.CompletedAt >= latest.InvokedAt)
            {
                return new Judgement(ObservationVerdict.Explained, latestCompletedDelete);
            }
        }

        if (_earliestFailedDelete is { } failedDelete && failedDelete.InvokedAt <= ended)
        {
            return new Judgement(ObservationVerdict.ExplainedOnlyByFailedWrite, failedDelete);
        }

        // latest is an upsert here: were it a delete, it would have explained the absence above.
        return new Judgement(ObservationVerdict.AbsenceUnexplained, Missed: latest);
    }

    /// <summary>The latest-invoked acknowledged delete that follows <paramref name="write"/> in real time, if any.</summary>
    public PointWrite? AcknowledgedDeleteAfter(PointWrite write)
    {
        var latestDelete = _acknowledgedDeletesByInvocation.Length == 0 ? null : _acknowledgedDeletesByInvocation[^1];
        return latestDelete is not null && latestDelete.InvokedAt > write.CompletedAt ? latestDelete : null;
    }

    /// <summary>
    /// The writes whose value an observation over [<paramref name="began"/>, <paramref name="ended"/>] may see, most
    /// recent first, acknowledged before failed; only computed for violations.
    /// </summary>
    public (IReadOnlyList<PointWrite> Listed, int NotListed) Candidates(long began, long ended)
    {
        var latest = LatestAcknowledgedBefore(began);
        var acknowledged = new List<PointWrite>();

        // Allowed acknowledged writes completed at or after latest.InvokedAt and were invoked by `ended`, so they
        // completed by ended + the longest duration: scanning that window of completions finds them all.
        var completionLimit = ended > long.MaxValue - _longestAcknowledgedDuration ? long.MaxValue : ended + _longestAcknowledgedDuration;
        for (var i = CountCompletedBefore(latest.InvokedAt); i < _acknowledgedByCompletion.Length; i++)
        {
            var write = _acknowledgedByCompletion[i];
            if (write.CompletedAt > completionLimit)
            {
                break;
            }

            if (write.InvokedAt <= ended)
            {
                acknowledged.Add(write);
            }
        }

        // Most recent first; failed writes after the acknowledged ones, latest invoked first.
        acknowledged.Sort((left, right) => right.InvokedAt.CompareTo(left.InvokedAt));
        var failedInvoked = CountInvokedBy(_failedByInvocation, ended);
        var listed = new List<PointWrite>(Math.Min(CandidatesListed, acknowledged.Count + failedInvoked));
        listed.AddRange(acknowledged.Take(CandidatesListed));
        for (var i = failedInvoked - 1; i >= 0 && listed.Count < CandidatesListed; i--)
        {
            listed.Add(_failedByInvocation[i]);
        }

        return (listed, acknowledged.Count + failedInvoked - listed.Count);
    }

    private PointWrite LatestAcknowledgedBefore(long instant)
    {
        // Never zero: the initial state completed at long.MinValue, and no observation begins that early.
        var completedBefore = CountCompletedBefore(instant);
        return _acknowledgedByCompletion[_latestInvokedUpTo[completedBefore - 1]];
    }

    private int CountCompletedBefore(long instant)
    {
        int low = 0, high = _acknowledgedByCompletion.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_acknowledgedByCompletion[middle].CompletedAt < instant)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static int CountInvokedBy(PointWrite[] byInvocation, long instant)
    {
        int low = 0, high = byInvocation.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (byInvocation[middle].InvokedAt <= instant)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static int[] LatestUpTo(PointWrite[] writes, Func<PointWrite, long> instant)
    {
        var latest = new int[writes.Length];
        for (var i = 0; i < writes.Length; i++)
        {
            latest[i] = i > 0 && instant(writes[latest[i - 1]]) >= instant(writes[i]) ? latest[i - 1] : i;
        }

        return latest;
    }
}
