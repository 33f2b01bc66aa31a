namespace OrleansFailover.Contracts.Service;

/// <summary>Where one collection is in its life between Qdrant and the backup (see the collection lifecycle).</summary>
public enum CollectionPhase
{
    /// <summary>Traffic goes to Qdrant; writes Qdrant acknowledged are journaled (the continuous backup).</summary>
    Normal = 0,

    /// <summary>Failover was admitted: the backup is being validated and restored, with the journal on top.</summary>
    Restoring = 1,

    /// <summary>The last restore failed (the reason is in status); the next call or command tries again.</summary>
    RestoreFailed = 2,

    /// <summary>Answering from the in-memory copy; writes are journaled (fsync) before they are acknowledged.</summary>
    Serving = 3,

    /// <summary>Sync-back: the journal is replayed into Qdrant; writes are still journaled and replayed too.</summary>
    Replaying = 4,

    /// <summary>The journal is drained into Qdrant: writes go to Qdrant first, until traffic returns.</summary>
    Sealed = 5,

    /// <summary>The journal failed (an fsync): nothing is accepted until the collection is rebuilt from disk.</summary>
    Broken = 6,

    /// <summary>Sync-back replays the last journaled writes: a new write waits (a moment) for the seal, then goes to Qdrant.</summary>
    Draining = 7,
}
