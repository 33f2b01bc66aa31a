using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.SyncBack;

/// <summary>Builds the sync-back reports operators see (status, the failover grain, the log).</summary>
public static class SyncBackReports
{
    public static SyncBackReport Of(
        string collection, DateTimeOffset started, DateTimeOffset now, SyncBackPhase phase, ReplayOutcome outcome, ConflictRule rule) => new()
    {
        Collection = collection,
        StartedAt = started,
        Phase = phase,
        RecordsReplayed = outcome.RecordsReplayed,
        PointsUpserted = outcome.PointsUpserted,
        PointsDeleted = outcome.PointsDeleted,
        Conflicts = outcome.Conflicts,
        ConflictsKeptPrimary = outcome.ConflictsKeptPrimary,
        Rule = rule,
        Duration = now - started,
    };

    public static SyncBackReport Failed(string collection, DateTimeOffset started, DateTimeOffset now, string error, ConflictRule rule) =>
        Of(collection, started, now, SyncBackPhase.Failed, ReplayOutcome.None, rule) with { Error = error };
}
