using Orleans.Concurrency;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Security;

namespace OrleansFailover.Grains.Status;

/// <summary>
/// The whole service at a glance: the failover grain's part and every known collection's status, asked side by
/// side. It lives apart from both so that neither ever waits on the other for a status. What it answers is for
/// clients: the coordination counters (the mode version, the sync-back attempt) stay inside the cluster.
/// </summary>
[StatelessWorker]
public sealed class ServiceStatusGrain : Grain, IServiceStatusGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.EnsureKey(0);
        return Task.CompletedTask;
    }

    private IFailoverGrain Failover => GrainFactory.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);

    public async Task<FailoverStatus> GetStatus()
    {
        var failover = await Failover.GetStatus();
        var collections = await Task.WhenAll(failover.KnownCollections
            .Select(name => GrainFactory.GetGrain<ICollectionBackupGrain>(name).GetStatus()));
        return failover with
        {
            Collections = collections,
            LastBackupSync = collections.Max(c => c.LastSync) ?? failover.LastBackupSync,
            ModeVersion = 0,
            SyncBackAttempt = 0,
        };
    }

    public Task<IReadOnlyList<string>> GetCollections() => Failover.GetCollections();

    public Task<JournalStatus> GetJournal(string collection)
    {
        CollectionNames.EnsureValid(collection);
        return GrainFactory.GetGrain<ICollectionBackupGrain>(collection).GetJournal();
    }

    public Task Subscribe(IFailoverObserver observer) => Failover.Subscribe(ClientObserver(observer));

    public Task Unsubscribe(IFailoverObserver observer) => Failover.Unsubscribe(ClientObserver(observer));

    /// <summary>Events go to clients' observers only: a grain named as the observer would get the silos' calls.</summary>
    private static IFailoverObserver ClientObserver(IFailoverObserver observer) =>
        observer is not null && observer.GetGrainId().IsClient()
            ? observer
            : throw VectorStoreException.InvalidArgument("An observer must be a client's object reference (IClusterClient.CreateObjectReference).");
}
