using Orleans.Concurrency;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Contracts.Grains;

/// <summary>
/// The singleton (key <see cref="SingletonKey"/>) that owns the circuit in front of Qdrant, and with it the routing
/// mode every silo caches: it probes Qdrant, counts the failures callers report, opens the circuit and starts
/// failover, admits collections to serve from their backups, and closes the circuit once every collection has
/// synced back. It never waits on a collection grain: commands go down one way (<see cref="ICollectionLifecycle"/>),
/// reports come up one way (<see cref="Report"/>), and the queries collections make of it answer from its state alone.
/// Coordination between silos only: clients reach it through <see cref="IServiceControlGrain"/> and
/// <see cref="IServiceStatusGrain"/>, and a call to it from a client is refused.
/// </summary>
[Alias("OrleansFailover.IFailoverGrain")]
public interface IFailoverGrain : IGrainWithIntegerKey
{
    public const long SingletonKey = 0;

    /// <summary>Where traffic goes now (as persisted: a mode is answered only once it is durable); silos cache it and refresh it every half second.</summary>
    [Alias("GetMode")]
    Task<ServiceMode> GetMode();

    /// <summary>The circuit and failover at a glance; the collections' part comes from <see cref="IServiceStatusGrain"/>.</summary>
    [AlwaysInterleave, Alias("GetStatus")]
    Task<FailoverStatus> GetStatus();

    /// <summary>A call to Qdrant failed in a way that says Qdrant is unhealthy; returns the mode after counting it (the circuit may have opened).</summary>
    [Alias("ReportPrimaryFailure")]
    Task<ServiceMode> ReportPrimaryFailure(string operation, string error);

    /// <summary>
    /// A call to Qdrant ran past its deadline. That alone may be the caller's doing (an oversized request), so it
    /// counts only if a health probe, started now, fails too. Returns the mode as it is.
    /// </summary>
    [Alias("ReportPrimaryTimeout")]
    Task<ServiceMode> ReportPrimaryTimeout(string operation, string error);

    /// <summary>Makes a collection known, so that failover restores it and status lists it; an illegal name is refused.</summary>
    [Alias("RegisterCollection")]
    Task RegisterCollection(string collection);

    /// <summary>
    /// A collection asks to be served from its backup. The answer says whether failover is active and whether the
    /// collection may take writes into its journal (it is then made known and, during sync-back, owed a replay
    /// before traffic returns) or must send them to Qdrant first.
    /// </summary>
    [Alias("Admit")]
    Task<Admission> Admit(string collection);

    [AlwaysInterleave, Alias("GetCollections")]
    Task<IReadOnlyList<string>> GetCollections();

    /// <summary>Probes Qdrant now instead of waiting for the next probe tick.</summary>
    [Alias("ProbeNow")]
    Task<ServiceMode> ProbeNow();

    /// <summary>An operator sends traffic to the backup, whatever Qdrant's health, until <see cref="ForceReturn"/>.</summary>
    [Alias("ForceFailover")]
    Task<ServiceMode> ForceFailover(string reason);

    /// <summary>
    /// An operator sends traffic back to Qdrant now: sync-back starts at once (no waiting for the break and the
    /// probe), and the circuit closes when every journal is replayed. A Qdrant still down fails the sync-back and
    /// the service stays in failover.
    /// </summary>
    [Alias("ForceReturn")]
    Task<ServiceMode> ForceReturn(string reason);

    /// <summary>A collection grain's report: a sync-back ended, the in-memory copy is gone, or an event for subscribers.</summary>
    [OneWay, Alias("Report")]
    Task Report(CollectionReport report);

    /// <summary>Subscribes to events; subscriptions expire after two minutes unless renewed.</summary>
    [Alias("Subscribe")]
    Task Subscribe(IFailoverObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(IFailoverObserver observer);
}
