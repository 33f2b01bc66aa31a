namespace OrleansFailover.Backups.Reading;

/// <summary>One thing wrong with a backup file: where it is, and what it is.</summary>
public sealed record BackupProblem(string Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}
