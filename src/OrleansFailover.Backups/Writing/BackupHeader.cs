namespace OrleansFailover.Backups.Writing;

/// <summary>
/// What a backup says about itself at the top. <paramref name="JournalSequence"/>: the collection journal's next
/// sequence number when the copy began; records from it on may be missing from the file and are applied on restore.
/// </summary>
public sealed record BackupHeader(DateTimeOffset CreatedAt, string Source, long Generation, long? JournalSequence = null)
{
    public const string PrimarySync = "primary_sync";
}
