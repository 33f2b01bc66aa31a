namespace OrleansFailover.Grains.Collections;

/// <summary>What a collection restores its copy for.</summary>
public enum RestoreTarget
{
    /// <summary>To serve reads and take writes into the journal (failover).</summary>
    Serve,

    /// <summary>To serve reads while writes go to Qdrant first (its sync-back is done; a new activation of it).</summary>
    WriteThrough,

    /// <summary>Only to replay journaled writes left on disk into Qdrant, behind a write barrier, then end.</summary>
    Drain,
}
