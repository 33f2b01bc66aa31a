using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Grains.Security;
using OrleansFailover.Grains.Services;

namespace OrleansFailover.Grains.Routing;

/// <summary>
/// Where indexer calls come in, one worker per silo as needed. Each request is held to the limits
/// (<see cref="RequestLimits"/>) before anything else. Every call on a collection, read or write, goes to
/// that collection's grain, which alone knows whether the collection is on Qdrant or served from its backup: no
/// cached mode can send a read around a write the backup took. Only the list of collections, which is not one
/// collection's, is answered here: from Qdrant while this silo's cached mode says the circuit is closed (a failure
/// there is reported, and answered from the failover grain's list if that opened the circuit), from the failover
/// grain's list otherwise.
/// </summary>
[StatelessWorker]
public sealed class VectorRouterGrain(
    PrimaryStore primary,
    ServiceModeCache mode,
    RequestLimits limits,
    ILogger<VectorRouterGrain> logger) : Grain, IVectorRouterGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.EnsureKey(0);
        return Task.CompletedTask;
    }

    private IFailoverGrain Failover => GrainFactory.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);

    public async Task EnsureCollection(string collection, CollectionSchema schema)
    {
        await Collection(collection).CreateCollection(schema);

        // Known collections are backed up and restored on failover.
        await Failover.RegisterCollection(collection);
        await Collection(collection).EnsureScheduled(schema);
    }

    public Task<bool> CollectionExists(string collection) => Collection(collection).CollectionExists();

    public Task<CollectionInfo> GetCollection(string collection) => Collection(collection).GetCollection();

    public async Task<IReadOnlyList<string>> ListCollections()
    {
        if (!mode.Current.FailoverActive)
        {
            try
            {
                return await primary.Store.ListCollectionsAsync();
            }
            catch (VectorStoreException error) when (error.IsStoreFailure || error.Kind == VectorStoreErrorKind.Timeout)
            {
                var updated = error.Kind == VectorStoreErrorKind.Timeout
                    ? await Failover.ReportPrimaryTimeout("list collections", error.Message)
                    : await Failover.ReportPrimaryFailure("list collections", error.Message);
                mode.Offer(updated);
                RoutingLog.PrimaryCallFailed(logger, "list collections", error.Message, updated.FailoverActive);
                if (!updated.FailoverActive)
                {
                    throw error.ForCaller();
                }
            }
        }

        return await Failover.GetCollections();
    }

    public Task Upsert(string collection, IReadOnlyList<VectorPoint> points)
    {
        limits.CheckUpsert(points);
        return Collection(collection).Upsert(points);
    }

    public Task Delete(string collection, IReadOnlyList<PointId> ids)
    {
        limits.CheckIds("delete", ids);
        return Collection(collection).Delete(ids);
    }

    public Task<IReadOnlyList<VectorPoint>> Get(string collection, IReadOnlyList<PointId> ids, bool withPayload = true, bool withVectors = false)
    {
        limits.CheckIds("get", ids);
        return Collection(collection).Get(ids, withPayload, withVectors);
    }

    public Task<long> Count(string collection, PointFilter? filter = null)
    {
        limits.CheckFilter(filter);
        return Collection(collection).Count(filter);
    }

    public Task<ScrollPage> Scroll(string collection, ScrollRequest request)
    {
        limits.CheckScroll(request);
        return Collection(collection).Scroll(request);
    }

    public Task<IReadOnlyList<ScoredPoint>> Search(string collection, SearchRequest request)
    {
        limits.CheckSearch(request);
        return Collection(collection).Search(request);
    }

    /// <summary>The collection's grain, once its name is known to be legal (a hostile name never becomes a grain, nor a path).</summary>
    private ICollectionBackupGrain Collection(string collection)
    {
        CollectionNames.EnsureValid(collection);
        return GrainFactory.GetGrain<ICollectionBackupGrain>(collection);
    }
}
