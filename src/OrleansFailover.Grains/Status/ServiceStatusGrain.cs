using Orleans.Concurrency;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Status;

/// <summary>
/// The whole service at a glance: the failover grain's part and every known collection's status, asked side by
/// side. It lives apart from both so that neither ever waits on the other for a status.
/// </summary>
[StatelessWorker]
public sealed class ServiceStatusGrain : Grain, IServiceStatusGrain
{
    public async Task<FailoverStatus> GetStatus()
    {
        var failover = await GrainFactory.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey).GetStatus();
        var collections = await Task.WhenAll(failover.KnownCollections
            .Select(name => GrainFactory.GetGrain<ICollectionBackupGrain>(name).GetStatus()));
        return failover with
        {
            Collections = collections,
            LastBackupSync = collections.Max(c => c.LastSync) ?? failover.LastBackupSync,
        };
    }
}
