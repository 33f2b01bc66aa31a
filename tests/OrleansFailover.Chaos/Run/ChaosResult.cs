using OrleansFailover.Chaos.History;

namespace OrleansFailover.Chaos.Run;

/// <summary>What one seed's run found: the history's verdict, checked against Qdrant itself, and what the service did.</summary>
public sealed record ChaosResult(
    ChaosSchedule Schedule,
    HistoryReport Report,
    long PendingJournalWrites,
    int Outages,
    int TargetedKills,
    IReadOnlyList<TimeSpan> TimesToClose,
    TimeSpan Duration)
{
    /// <summary>Every acknowledged write in Qdrant, none invisible or resurrected, and every journal replayed.</summary>
    public bool Passed => Report.Passed && PendingJournalWrites == 0;

    /// <summary>Calls (writes and reads) that failed to the writers.</summary>
    public int FailedCalls => Report.Operations.Failed;

    public override string ToString() =>
        $"{Schedule}{Environment.NewLine}" +
        $"{Report}{Environment.NewLine}" +
        $"journal writes still pending: {PendingJournalWrites}; outages: {Outages}; silos killed at the moment aimed for: {TargetedKills}; " +
        $"time to close after Qdrant was healthy: {string.Join(", ", TimesToClose.Select(t => $"{t.TotalSeconds:F1} s"))}; run {Duration.TotalSeconds:F0} s";
}
