using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Grains.Logging;
using OrleansFailover.Grains.Services;
using OrleansFailover.VectorStores;

namespace OrleansFailover.Grains.Grains;

/// <summary>
/// Where indexer calls come in, one worker per silo as needed. While the cached mode says Qdrant, calls go to
/// Qdrant; a call that fails there is reported to the failover grain and, if that opened the circuit, answered
/// from the backup instead. While failover is active, calls (writes included) go to the collection's grain.
/// </summary>
[StatelessWorker]
public sealed class VectorRouterGrain(
    PrimaryStore primary,
    ServiceModeCache mode,
    ILogger<VectorRouterGrain> logger) : Grain, IVectorRouterGrain
{
    private IFailoverGrain Failover => GrainFactory.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);

    public async Task EnsureCollection(string collection, CollectionSchema schema)
    {
        CollectionNames.EnsureValid(collection);
        RequestChecks.EnsureSchema(collection, schema);
        await RouteAsync(
            collection,
            "create collection",
            async store =>
            {
                if (!await store.CollectionExistsAsync(collection))
                {
                    try
                    {
                        await store.CreateCollectionAsync(collection, schema);
                        return true;
                    }
                    catch (VectorStoreException error) when (error.Kind == VectorStoreErrorKind.CollectionAlreadyExists)
                    {
                        // Created by someone else meanwhile: compare below.
                    }
                }

                var existing = await store.GetCollectionAsync(collection);
                return existing.Schema.Equals(schema)
                    ? true
                    : throw VectorStoreException.InvalidArgument(
                        $"Collection '{collection}' exists with a different vector configuration.");
            },
            async grain =>
            {
                await grain.CreateCollection(schema);
                return true;
            });

        // Known collections are backed up and restored on failover.
        await Failover.RegisterCollection(collection);
        await GrainFactory.GetGrain<ICollectionBackupGrain>(collection).EnsureScheduled(schema);
    }

    public Task<bool> CollectionExists(string collection) => RouteAsync(
        collection,
        "collection exists",
        store => store.CollectionExistsAsync(collection),
        async grain =>
        {
            try
            {
                await grain.GetCollection();
                return true;
            }
            catch (VectorStoreException error) when (error.Kind is VectorStoreErrorKind.CollectionNotFound or VectorStoreErrorKind.Unavailable)
            {
                return false;
            }
        });

    public Task<CollectionInfo> GetCollection(string collection) =>
        RouteAsync(collection, "get collection", store => store.GetCollectionAsync(collection), grain => grain.GetCollection());

    public async Task<IReadOnlyList<string>> ListCollections()
    {
        if (!mode.Current.FailoverActive)
        {
            try
            {
                return await primary.Store.ListCollectionsAsync();
            }
            catch (VectorStoreException error) when (error.IsStoreFailure)
            {
                if (!await ReportAsync("list collections", error))
                {
                    throw error.ForCaller();
                }
            }
        }

        return await Failover.GetCollections();
    }

    public Task Upsert(string collection, IReadOnlyList<VectorPoint> points) => RouteAsync(
        collection,
        "upsert",
        async store =>
        {
            await store.UpsertAsync(collection, points);
            await ContinuousBackupAsync(collection, grain => grain.RecordUpserts(points));
            return true;
        },
        async grain => { await grain.Upsert(points); return true; });

    public Task Delete(string collection, IReadOnlyList<PointId> ids) => RouteAsync(
        collection,
        "delete points",
        async store =>
        {
            await store.DeleteAsync(collection, ids);
            await ContinuousBackupAsync(collection, grain => grain.RecordDeletes(ids));
            return true;
        },
        async grain => { await grain.Delete(ids); return true; });

    public Task<IReadOnlyList<VectorPoint>> Get(string collection, IReadOnlyList<PointId> ids, bool withPayload = true, bool withVectors = false) =>
        RouteAsync(collection, "get points", store => store.GetAsync(collection, ids, withPayload, withVectors), grain => grain.Get(ids, withPayload, withVectors));

    public Task<long> Count(string collection, PointFilter? filter = null) =>
        RouteAsync(collection, "count", store => store.CountAsync(collection, filter), grain => grain.Count(filter));

    public Task<ScrollPage> Scroll(string collection, ScrollRequest request) =>
        RouteAsync(collection, "scroll", store => store.ScrollAsync(collection, request), grain => grain.Scroll(request));

    public Task<IReadOnlyList<ScoredPoint>> Search(string collection, SearchRequest request) =>
        RouteAsync(collection, "search", store => store.SearchAsync(collection, request), grain => grain.Search(request));

    private async Task<T> RouteAsync<T>(
        string collection, string operation, Func<IVectorStore, Task<T>> onPrimary, Func<ICollectionBackupGrain, Task<T>> onBackup)
    {
        CollectionNames.EnsureValid(collection);
        while (true)
        {
            if (!mode.Current.FailoverActive)
            {
                try
                {
                    return await onPrimary(primary.Store);
                }
                catch (VectorStoreException error) when (error.IsStoreFailure)
                {
                    if (!await ReportAsync($"{operation} on '{collection}'", error))
                    {
                        throw error.ForCaller();
                    }
                }
                catch (VectorStoreException error)
                {
                    throw error.ForCaller();
                }
            }

            var version = mode.Current.Version;
            try
            {
                return await onBackup(GrainFactory.GetGrain<ICollectionBackupGrain>(collection));
            }
            catch (FailoverNotActiveException notActive) when (notActive.Mode.Version > version)
            {
                // This silo had not yet learned that traffic is back on Qdrant: the call goes there, once the
                // connection is ready (after an outage the channel may still be backing off, and the call would
                // fail as if Qdrant were down). Unreachable after all: the call fails there and is reported.
                await primary.Store.CheckHealthAsync();
                mode.Offer(notActive.Mode);
            }
        }
    }

    /// <summary>
    /// A write Qdrant acknowledged also goes to the collection's journal before the caller hears back, so that the
    /// backup is never more than the journal's flush delay behind. The write itself succeeded: if journaling fails,
    /// that is logged, and the next full sync catches up.
    /// </summary>
    private async Task ContinuousBackupAsync(string collection, Func<ICollectionBackupGrain, Task> record)
    {
        try
        {
            await record(GrainFactory.GetGrain<ICollectionBackupGrain>(collection));
        }
        catch (Exception exception)
        {
            ServiceLog.ContinuousBackupFailed(logger, collection, exception.Message);
        }
    }

    /// <summary>Reports a failure of Qdrant; true when failover is now active and the backup should answer.</summary>
    private async Task<bool> ReportAsync(string operation, VectorStoreException error)
    {
        var updated = await Failover.ReportPrimaryFailure(operation, error.Message);
        mode.Offer(updated);
        ServiceLog.PrimaryCallFailed(logger, operation, error.Message, updated.FailoverActive);
        return updated.FailoverActive;
    }
}
