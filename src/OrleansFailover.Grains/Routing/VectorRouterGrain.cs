using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Grains.Services;
using OrleansFailover.VectorStores;

namespace OrleansFailover.Grains.Routing;

/// <summary>
/// Where indexer calls come in, one worker per silo as needed. Writes always go to the collection's grain, the one
/// writer of each collection, which sends them to Qdrant, the journal, or both, as the collection's phase says.
/// Reads go by this silo's cached mode: to Qdrant while the circuit is closed (a read that fails there is reported
/// to the failover grain and, if that opened the circuit, answered from the backup), to the collection's grain
/// while failover is active. Only a failure that says something about Qdrant's health is reported: a caller's bad
/// request is that caller's error.
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
        await ReadAsync(
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

    public Task<bool> CollectionExists(string collection) => ReadAsync(
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
        ReadAsync(collection, "get collection", store => store.GetCollectionAsync(collection), grain => grain.GetCollection());

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
                if (!await ReportAsync("list collections", error))
                {
                    throw error.ForCaller();
                }
            }
        }

        return await Failover.GetCollections();
    }

    public Task Upsert(string collection, IReadOnlyList<VectorPoint> points)
    {
        CollectionNames.EnsureValid(collection);
        return GrainFactory.GetGrain<ICollectionBackupGrain>(collection).Upsert(points);
    }

    public Task Delete(string collection, IReadOnlyList<PointId> ids)
    {
        CollectionNames.EnsureValid(collection);
        return GrainFactory.GetGrain<ICollectionBackupGrain>(collection).Delete(ids);
    }

    public Task<IReadOnlyList<VectorPoint>> Get(string collection, IReadOnlyList<PointId> ids, bool withPayload = true, bool withVectors = false) =>
        ReadAsync(collection, "get points", store => store.GetAsync(collection, ids, withPayload, withVectors), grain => grain.Get(ids, withPayload, withVectors));

    public Task<long> Count(string collection, PointFilter? filter = null) =>
        ReadAsync(collection, "count", store => store.CountAsync(collection, filter), grain => grain.Count(filter));

    public Task<ScrollPage> Scroll(string collection, ScrollRequest request) =>
        ReadAsync(collection, "scroll", store => store.ScrollAsync(collection, request), grain => grain.Scroll(request));

    public Task<IReadOnlyList<ScoredPoint>> Search(string collection, SearchRequest request) =>
        ReadAsync(collection, "search", store => store.SearchAsync(collection, request), grain => grain.Search(request));

    private async Task<T> ReadAsync<T>(
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
                catch (VectorStoreException error) when (error.IsStoreFailure || error.Kind == VectorStoreErrorKind.Timeout)
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

    /// <summary>Reports a failure of Qdrant; true when failover is now active and the backup should answer.</summary>
    private async Task<bool> ReportAsync(string operation, VectorStoreException error)
    {
        var updated = error.Kind == VectorStoreErrorKind.Timeout
            ? await Failover.ReportPrimaryTimeout(operation, error.Message)
            : await Failover.ReportPrimaryFailure(operation, error.Message);
        mode.Offer(updated);
        RoutingLog.PrimaryCallFailed(logger, operation, error.Message, updated.FailoverActive);
        return updated.FailoverActive;
    }
}
