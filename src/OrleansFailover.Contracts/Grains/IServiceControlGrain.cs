using OrleansFailover.Contracts.Security;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Contracts.Grains;

/// <summary>
/// The operator's commands (<c>client failover</c>, <c>sync</c>, <c>sync-back</c>, the HTTP admin endpoints): a local
/// worker on every silo (key 0) that passes each command to the grain that carries it out. Everything but
/// <see cref="GetMode"/> changes state and needs the full key.
/// </summary>
[ClientApi, Alias("OrleansFailover.IServiceControlGrain")]
public interface IServiceControlGrain : IGrainWithIntegerKey
{
    /// <summary>Where traffic goes now.</summary>
    [ReadOnlyAccess, Alias("GetMode")]
    Task<ServiceMode> GetMode();

    /// <summary>Opens the circuit whatever Qdrant's health: traffic goes to the backup until <see cref="ForceReturn"/>.</summary>
    [Alias("ForceFailover")]
    Task<ServiceMode> ForceFailover(string reason);

    /// <summary>Starts sync-back now: the failover journals are replayed into Qdrant, then traffic returns to it.</summary>
    [Alias("ForceReturn")]
    Task<ServiceMode> ForceReturn(string reason);

    /// <summary>Backs the collection up to a new generation now.</summary>
    [Alias("SyncNow")]
    Task<SyncReport> SyncNow(string collection);

    /// <summary>Replays the collection's pending failover writes into Qdrant now, while failover goes on.</summary>
    [Alias("ReplayJournal")]
    Task<SyncBackReport> ReplayJournal(string collection);
}
