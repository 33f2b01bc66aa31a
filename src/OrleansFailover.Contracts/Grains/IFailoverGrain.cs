using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Contracts.Grains;

/// <summary>
/// The singleton (key <see cref="SingletonKey"/>) that owns the circuit in front of Qdrant: it probes Qdrant,
/// counts the failures callers report, opens the circuit and starts failover, and closes it when Qdrant is back.
/// </summary>
[Alias("OrleansFailover.IFailoverGrain")]
public interface IFailoverGrain : IGrainWithIntegerKey
{
    public const long SingletonKey = 0;

    /// <summary>Where traffic goes now; silos cache it and refresh it every half second.</summary>
    [Alias("GetMode")]
    Task<ServiceMode> GetMode();

    [Alias("GetStatus")]
    Task<FailoverStatus> GetStatus();

    /// <summary>A call to Qdrant failed; returns the mode after counting it (the circuit may have opened).</summary>
    [Alias("ReportPrimaryFailure")]
    Task<ServiceMode> ReportPrimaryFailure(string operation, string error);

    /// <summary>Makes a collection known, so that failover restores it and status lists it.</summary>
    [Alias("RegisterCollection")]
    Task RegisterCollection(string collection);

    [Alias("GetCollections")]
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

    /// <summary>A collection grain's sync-back is done (or failed): when every collection is done the circuit closes.</summary>
    [Alias("CompleteSyncBack")]
    Task CompleteSyncBack(SyncBackReport report);

    /// <summary>A collection grain tells what a sync or restore did, for status and observers.</summary>
    [Alias("Publish")]
    Task Publish(ServiceEvent serviceEvent);

    /// <summary>Subscribes to events; subscriptions expire after two minutes unless renewed.</summary>
    [Alias("Subscribe")]
    Task Subscribe(IFailoverObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(IFailoverObserver observer);
}
