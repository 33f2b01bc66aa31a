namespace OrleansFailover.Grains.SyncBack;

/// <summary>What one replay pass did.</summary>
public sealed record ReplayOutcome(long RecordsReplayed, long PointsUpserted, long PointsDeleted, long Conflicts, long ConflictsKeptPrimary)
{
    public static readonly ReplayOutcome None = new(0, 0, 0, 0, 0);

    public ReplayOutcome Add(ReplayOutcome other) => new(
        RecordsReplayed + other.RecordsReplayed,
        PointsUpserted + other.PointsUpserted,
        PointsDeleted + other.PointsDeleted,
        Conflicts + other.Conflicts,
        ConflictsKeptPrimary + other.ConflictsKeptPrimary);
}
