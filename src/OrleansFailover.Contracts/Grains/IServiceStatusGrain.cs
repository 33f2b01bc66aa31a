using Orleans.Concurrency;
using OrleansFailover.Contracts.Security;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Contracts.Grains;

/// <summary>
/// The whole service at a glance (dashboards, <c>client status</c>, <c>/status</c>): the circuit from the failover
/// grain and every collection's status from its grain, asked side by side. A local worker on every silo (key 0), so
/// that neither the failover grain nor the collection grains ever wait on each other for it. Everything here only
/// reads: the read-only key is enough.
/// </summary>
[ClientApi, Alias("OrleansFailover.IServiceStatusGrain")]
public interface IServiceStatusGrain : IGrainWithIntegerKey
{
    [ReadOnly, ReadOnlyAccess, Alias("GetStatus")]
    Task<FailoverStatus> GetStatus();

    /// <summary>The collections the service backs up and restores on failover.</summary>
    [ReadOnly, ReadOnlyAccess, Alias("GetCollections")]
    Task<IReadOnlyList<string>> GetCollections();

    /// <summary>A collection's journal of writes: size, oldest record, what sync-back has still to replay.</summary>
    [ReadOnly, ReadOnlyAccess, Alias("GetJournal")]
    Task<JournalStatus> GetJournal(string collection);

    /// <summary>Sends the service's events (circuit transitions, restores, sync-backs) to <paramref name="observer"/>.</summary>
    [ReadOnlyAccess, Alias("Subscribe")]
    Task Subscribe(IFailoverObserver observer);

    [ReadOnlyAccess, Alias("Unsubscribe")]
    Task Unsubscribe(IFailoverObserver observer);
}
