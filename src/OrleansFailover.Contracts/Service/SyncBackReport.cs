namespace OrleansFailover.Contracts.Service;

public enum SyncBackPhase
{
    Replaying = 0,

    /// <summary>The journal is drained; new writes go to Qdrant first while the fresh full generation is taken.</summary>
    Sealed = 1,
    Completed = 2,
    Failed = 3,
}

/// <summary>One collection's sync-back: the journal replayed into Qdrant, conflicts, re-seeding, the fresh generation.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.SyncBackReport")]
public sealed record class SyncBackReport
{
    [Id(0)] public required string Collection { get; init; }
    [Id(1)] public required DateTimeOffset StartedAt { get; init; }
    [Id(2)] public SyncBackPhase Phase { get; init; }
    [Id(3)] public long RecordsReplayed { get; init; }
    [Id(4)] public long PointsUpserted { get; init; }
    [Id(5)] public long PointsDeleted { get; init; }

    /// <summary>Points written during failover and changed in Qdrant meanwhile.</summary>
    [Id(6)] public long Conflicts { get; init; }

    /// <summary>Conflicts the rule settled in Qdrant's favour (the journaled write was dropped).</summary>
    [Id(7)] public long ConflictsKeptPrimary { get; init; }
    [Id(8)] public ConflictRule Rule { get; init; }

    /// <summary>Set when Qdrant came back without the collection or with far fewer points, and was re-seeded from the backup.</summary>
    [Id(9)] public string? ReseedReason { get; init; }
    [Id(10)] public long? Generation { get; init; }
    [Id(11)] public string? Error { get; init; }
    [Id(12)] public TimeSpan Duration { get; init; }

    /// <summary>From the start to the moment the journal was drained into Qdrant (re-seeding included, the fresh generation not).</summary>
    [Id(13)] public TimeSpan? ReplayDuration { get; init; }

    /// <summary>The sync-back attempt this report belongs to (the failover grain counts them).</summary>
    [Id(14)] public long Attempt { get; init; }

    /// <summary>
    /// Why no fresh generation could be taken after the replay, though Qdrant answered (a point the backup cannot
    /// hold): the previous generation and the journal since it still hold every write.
    /// </summary>
    [Id(15)] public string? FreshGenerationError { get; init; }

    public string Summary => Phase switch
    {
        SyncBackPhase.Failed => $"FAILED: {Error}",
        _ => $"{Phase}: {RecordsReplayed} records replayed ({PointsUpserted} upserted, {PointsDeleted} deleted), {Conflicts} conflict(s)"
             + (ConflictsKeptPrimary > 0 ? $" ({ConflictsKeptPrimary} kept Qdrant's copy)" : string.Empty)
             + (ReseedReason is null ? string.Empty : $", re-seeded: {ReseedReason}")
             + (Generation is null ? string.Empty : $", generation {Generation}")
             + (FreshGenerationError is null ? string.Empty : $", NO FRESH GENERATION: {FreshGenerationError}"),
    };
}
