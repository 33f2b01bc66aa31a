using Orleans.Concurrency;

namespace OrleansFailover.Contracts.Grains;

/// <summary>
/// What the failover grain tells a collection grain (key: the collection name), one way: commands go down, the
/// collection's reports come back up through <see cref="IFailoverGrain.Report"/>. Every command carries the mode
/// version it was issued at; a collection ignores a command older than what it already knows, so a late message
/// never undoes a newer one. Coordination between silos only: not for clients.
/// </summary>
[Alias("OrleansFailover.ICollectionLifecycle")]
public interface ICollectionLifecycle : IGrainWithStringKey
{
    /// <summary>The circuit opened: validate and restore the backup now, so that the first call finds it ready.</summary>
    [OneWay, Alias("EnterFailover")]
    Task EnterFailover(long modeVersion);

    /// <summary>
    /// Qdrant is back: replay the journal into Qdrant, seal (writes go to Qdrant first), take a fresh generation, and
    /// report. Idempotent: a run of the same attempt continues.
    /// </summary>
    [OneWay, Alias("StartSyncBack")]
    Task StartSyncBack(long attempt);

    /// <summary>The circuit closed: traffic is on Qdrant; drop the in-memory copy and report that it is gone.</summary>
    [OneWay, Alias("Return")]
    Task Return(long modeVersion);
}
