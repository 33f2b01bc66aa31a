using OrleansFailover.Backups.Storage;

namespace OrleansFailover.Backups.Sync;

/// <summary>A published snapshot: the new generation, how many points it holds, its checksum and how long it took.</summary>
public sealed record SnapshotResult(BackupGeneration Generation, long Points, string Checksum, TimeSpan Duration);
