namespace OrleansFailover.Backups.Storage;

/// <summary>One published backup of a collection: generations count up from 1, the newest is the highest.</summary>
public sealed record BackupGeneration(string Collection, long Generation, string Path, long SizeBytes, DateTimeOffset WrittenAt);
