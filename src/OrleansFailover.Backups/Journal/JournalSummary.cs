namespace OrleansFailover.Backups.Journal;

/// <summary>A journal at a glance, for status.</summary>
public sealed record JournalSummary(
    long Bytes,
    int Segments,
    long Records,
    DateTimeOffset? OldestRecordAt,
    long NextSequence,
    long ReplayedThrough,
    long PendingRecords,
    long DroppedTornBytes);
