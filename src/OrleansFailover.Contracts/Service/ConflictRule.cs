namespace OrleansFailover.Contracts.Service;

/// <summary>
/// What sync-back does with a point that was written during failover and also changed in Qdrant meanwhile
/// (Qdrant's copy is neither what the service had when failover began nor any version the journal wrote).
/// </summary>
public enum ConflictRule
{
    /// <summary>
    /// The write the service accepted last wins. Qdrant-side changes that went through the service carry the time
    /// the service accepted them; changes made behind its back carry none and count as older than the outage's writes.
    /// </summary>
    NewestWins = 0,

    /// <summary>Every journaled write is replayed over Qdrant's copy.</summary>
    JournalWins = 1,

    /// <summary>Qdrant's copy stays; the journaled write to that point is dropped (and counted).</summary>
    PrimaryWins = 2,
}
