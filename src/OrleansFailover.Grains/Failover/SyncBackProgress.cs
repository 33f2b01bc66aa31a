namespace OrleansFailover.Grains.Failover;

/// <summary>What one collection's sync-back report means for the sync-back under way.</summary>
public enum SyncBackProgress
{
    /// <summary>A report of an earlier attempt, or from a collection that owes nothing now.</summary>
    Ignored,

    /// <summary>The collection failed: the circuit opens again; the journals keep what is not replayed.</summary>
    Failed,

    /// <summary>The collection is done; others are not yet.</summary>
    Pending,

    /// <summary>Every collection is done: traffic may return to Qdrant.</summary>
    AllDone,
}
