namespace OrleansFailover.Contracts.Service;

/// <summary>One collection's backup, as operators see it.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.CollectionStatus")]
public sealed record class CollectionStatus
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public bool BackupFileExists { get; init; }
    [Id(2)] public long SizeBytes { get; init; }
    [Id(3)] public long? Generation { get; init; }
    [Id(4)] public long? PointCount { get; init; }
    [Id(5)] public DateTimeOffset? LastSync { get; init; }
    [Id(6)] public TimeSpan? LastSyncDuration { get; init; }
    [Id(7)] public string? Checksum { get; init; }
    [Id(8)] public string? LastError { get; init; }
    [Id(9)] public DateTimeOffset? NextSyncDue { get; init; }
    [Id(10)] public bool SyncRunning { get; init; }
    [Id(11)] public RestoreReport? LastRestore { get; init; }

    /// <summary>True while this collection is served from the in-memory backup.</summary>
    [Id(12)] public bool ServingFromBackup { get; init; }
    [Id(13)] public string? LastSkipReason { get; init; }
    [Id(14)] public JournalStatus? Journal { get; init; }

    /// <summary>The sync-back under way, or the last one.</summary>
    [Id(15)] public SyncBackReport? SyncBack { get; init; }

    /// <summary>The silo the collection's grain runs on (and, during failover, holds its in-memory copy).</summary>
    [Id(16)] public string? HostedOn { get; init; }

    /// <summary>Where the collection is in its life: normal, restoring, serving from the backup, replaying, sealed…</summary>
    [Id(17)] public CollectionPhase Phase { get; init; }
}
