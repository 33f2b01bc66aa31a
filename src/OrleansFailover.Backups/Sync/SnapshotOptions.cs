namespace OrleansFailover.Backups.Sync;

public sealed record SnapshotOptions
{
    public const int DefaultPageSize = 256;

    /// <summary>Points per scroll page; memory during a snapshot is bounded by two pages, not the collection.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    public string Source { get; init; } = Writing.BackupHeader.PrimarySync;

    /// <summary>The collection journal's next sequence number when the copy begins (see <see cref="Writing.BackupHeader"/>).</summary>
    public long? JournalSequence { get; init; }
}
