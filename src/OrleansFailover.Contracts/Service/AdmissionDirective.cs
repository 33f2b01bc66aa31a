namespace OrleansFailover.Contracts.Service;

/// <summary>What the failover grain tells a collection that asks to be served from its backup.</summary>
public enum AdmissionDirective
{
    /// <summary>Failover is not active: traffic goes to Qdrant and the collection holds no copy.</summary>
    NotActive = 0,

    /// <summary>Serve from the backup and take writes into the journal; sync-back will replay them before traffic returns.</summary>
    Serve = 1,

    /// <summary>This collection has finished the sync-back under way: serve reads from the backup, send writes to Qdrant first.</summary>
    WriteThrough = 2,
}
