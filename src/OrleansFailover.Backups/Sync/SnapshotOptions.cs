namespace OrleansFailover.Backups.Sync;

public sealed record SnapshotOptions
{
    public const int DefaultPageSize = 256;

    /// <summary>Points per scroll page; memory during a snapshot is bounded by two pages, not the collection.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>
    /// How often one page is asked for again after the store did not answer (Unavailable: a dropped connection,
    /// a deadline): a blip should not throw away the pages already copied. Other errors end the sync at once.
    /// </summary>
    public int PageRetries { get; init; } = 2;

    public string Source { get; init; } = Writing.BackupHeader.PrimarySync;

    /// <summary>The collection journal's next sequence number when the copy begins (see <see cref="Writing.BackupHeader"/>).</summary>
    public long? JournalSequence { get; init; }
}
