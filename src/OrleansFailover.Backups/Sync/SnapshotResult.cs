using OrleansFailover.Backups.Storage;
using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Sync;

/// <summary>A published snapshot: the new generation, the schema and points it holds, its checksum and how long it took.</summary>
public sealed record SnapshotResult(BackupGeneration Generation, CollectionSchema Schema, long Points, string Checksum, TimeSpan Duration);
