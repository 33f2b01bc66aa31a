using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Journal;

/// <summary>What a writer needs of a journal: append a record, then wait until it is on disk.</summary>
public interface IJournalAppender
{
    /// <summary>Appends a write and returns it with its sequence number; it reaches the disk on the next flush.</summary>
    JournalRecord Append(
        JournalOrigin origin, JournalOperation operation, IReadOnlyList<VectorPoint> points, IReadOnlyList<PointId> deletedIds,
        IReadOnlyList<PriorImage>? prior = null);

    /// <summary>Completes once every record up to <paramref name="sequence"/> is on disk (fsync); throws if it cannot be.</summary>
    Task WaitDurableAsync(long sequence);

    /// <summary>Every record up to this sequence is on disk.</summary>
    long DurableThrough { get; }
}
