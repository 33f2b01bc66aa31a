using OrleansFailover.Contracts.Security;

namespace OrleansFailover.Contracts.Grains;

/// <summary>
/// The entry point for indexer services: the vector operations they need, answered by Qdrant while it is
/// healthy and by the backup while failover is active. A local worker on every silo (use key 0): it checks the
/// collection's name and the request's limits, and hands each call to the collection's grain; it never asks the
/// singleton on the hot path. Reads need at least the read-only key, writes the full key (when keys are configured).
/// </summary>
[ClientApi, Alias("OrleansFailover.IVectorRouterGrain")]
public interface IVectorRouterGrain : IGrainWithIntegerKey
{
    /// <summary>Creates the collection, or does nothing when one with the same schema exists.</summary>
    [Alias("EnsureCollection")]
    Task EnsureCollection(string collection, CollectionSchema schema);

    [ReadOnlyAccess, Alias("CollectionExists")]
    Task<bool> CollectionExists(string collection);

    [ReadOnlyAccess, Alias("GetCollection")]
    Task<CollectionInfo> GetCollection(string collection);

    [ReadOnlyAccess, Alias("ListCollections")]
    Task<IReadOnlyList<string>> ListCollections();

    [Alias("Upsert")]
    Task Upsert(string collection, IReadOnlyList<VectorPoint> points);

    [Alias("Delete")]
    Task Delete(string collection, IReadOnlyList<PointId> ids);

    [ReadOnlyAccess, Alias("Get")]
    Task<IReadOnlyList<VectorPoint>> Get(string collection, IReadOnlyList<PointId> ids, bool withPayload = true, bool withVectors = false);

    [ReadOnlyAccess, Alias("Count")]
    Task<long> Count(string collection, PointFilter? filter = null);

    [ReadOnlyAccess, Alias("Scroll")]
    Task<ScrollPage> Scroll(string collection, ScrollRequest request);

    [ReadOnlyAccess, Alias("Search")]
    Task<IReadOnlyList<ScoredPoint>> Search(string collection, SearchRequest request);
}
