namespace OrleansFailover.Backups.Writing;

/// <summary>What a backup says about itself at the top.</summary>
public sealed record BackupHeader(DateTimeOffset CreatedAt, string Source, long Generation)
{
    public const string PrimarySync = "primary_sync";
}
