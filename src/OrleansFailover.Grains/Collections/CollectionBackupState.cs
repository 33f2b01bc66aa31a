using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Collections;

/// <summary>What a collection grain remembers across activations and silo restarts.</summary>
[GenerateSerializer, Alias("OrleansFailover.CollectionBackupState")]
public sealed class CollectionBackupState
{
    /// <summary>The schema last seen (at a sync or a creation): what an empty restore starts with.</summary>
    [Id(0)] public CollectionSchema? Schema { get; set; }

    [Id(1)] public SyncReport? LastSync { get; set; }

    [Id(2)] public SyncReport? LastCompletedSync { get; set; }

    [Id(3)] public RestoreReport? LastRestore { get; set; }

    [Id(4)] public string? LastSkipReason { get; set; }

    /// <summary>The period the sync reminder was registered with, to re-register when configuration changes it.</summary>
    [Id(5)] public TimeSpan? ScheduledInterval { get; set; }

    /// <summary>The journal sequence at which the current failover began (null when not in failover): its records carry the prior images.</summary>
    [Id(6)] public long? FailoverEpochStart { get; set; }

    /// <summary>Where each retained generation's copy began in the journal: segments before the oldest can go.</summary>
    [Id(7)] public Dictionary<long, long> GenerationJournalSequences { get; set; } = [];

    [Id(8)] public SyncBackReport? LastSyncBack { get; set; }
}
