namespace OrleansFailover.Chaos.History;

/// <summary>How a point's writes account for one observed value, before it is named a violation of one kind or another.</summary>
internal enum ObservationVerdict
{
    /// <summary>An acknowledged write (or the initial state) that may be the latest explains it.</summary>
    Explained,

    /// <summary>Only a failed write explains it: allowed, since a failed write may land at any instant after its invocation.</summary>
    ExplainedOnlyByFailedWrite,

    /// <summary>No write to this point carries the token.</summary>
    NeverWrittenHere,

    /// <summary>The write carrying the token was invoked after the observation was over.</summary>
    FromTheFuture,

    /// <summary>The token's acknowledged write was superseded by another acknowledged write before the observation began.</summary>
    Superseded,

    /// <summary>Absent, but no delete (nor initial absence) that may be the latest explains it.</summary>
    AbsenceUnexplained,
}
