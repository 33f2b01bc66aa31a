namespace OrleansFailover.Backups.Journal;

/// <summary>
/// A record larger than the journal can read back (<see cref="JournalCodec.MaxBodyBytes"/>): refused before anything
/// is written, so it is never acknowledged. An <see cref="IOException"/> because, like a full disk, it means the journal
/// cannot take this write: callers that undo a write the journal refused handle it the same way.
/// </summary>
public sealed class JournalRecordTooLargeException(long bodyBytes, long limitBytes)
    : IOException($"A journal record of {bodyBytes:N0} bytes is over the limit of {limitBytes:N0} bytes ({limitBytes / (1024 * 1024)} MiB) that the journal can read back: the write is refused, split it into smaller batches.")
{
    public long BodyBytes { get; } = bodyBytes;

    public long LimitBytes { get; } = limitBytes;
}
