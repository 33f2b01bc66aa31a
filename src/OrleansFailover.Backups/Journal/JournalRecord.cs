using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Journal;

/// <summary>Where a journaled write stands with Qdrant.</summary>
public enum JournalOrigin : byte
{
    /// <summary>Acknowledged by Qdrant before it was journaled: the continuous backup between two full syncs.</summary>
    Primary = 1,

    /// <summary>Accepted while Qdrant was down: not in Qdrant until sync-back replays it.</summary>
    Failover = 2,
}

public enum JournalOperation : byte
{
    Upsert = 1,
    Delete = 2,
}

/// <summary>The fixed fields of a journal record: enough to count and date records without decoding their points.</summary>
public readonly record struct JournalRecordHeader(long Sequence, DateTimeOffset AcceptedAt, JournalOrigin Origin, JournalOperation Operation);

/// <summary>A point as it was before a failover write first touched it; <see cref="Point"/> is null when it did not exist.</summary>
public sealed record PriorImage(PointId Id, VectorPoint? Point);

/// <summary>
/// One write in a collection's journal: the points of an upsert or the ids of a delete, its sequence number
/// (dense, increasing), the time the service accepted it, and where it stands with Qdrant. A failover write also
/// carries the prior images of the points it is the first to touch since failover began: sync-back compares
/// them with Qdrant's copies to find points that were changed on both sides.
/// </summary>
public sealed record JournalRecord
{
    public required long Sequence { get; init; }

    public required DateTimeOffset AcceptedAt { get; init; }

    public required JournalOrigin Origin { get; init; }

    public required JournalOperation Operation { get; init; }

    /// <summary>The points of an upsert; empty for a delete.</summary>
    public IReadOnlyList<VectorPoint> Points { get; init; } = [];

    /// <summary>The ids of a delete; empty for an upsert.</summary>
    public IReadOnlyList<PointId> DeletedIds { get; init; } = [];

    public IReadOnlyList<PriorImage> Prior { get; init; } = [];

    /// <summary>The ids this record writes, in order.</summary>
    public IEnumerable<PointId> Ids => Operation == JournalOperation.Upsert ? Points.Select(p => p.Id) : DeletedIds;
}
