namespace OrleansFailover.Contracts.Grains;

/// <summary>
/// The entry point for indexer services: the vector operations they need, answered by Qdrant while it is
/// healthy and by the backup while failover is active. A local worker on every silo (use key 0): it checks the
/// collection's name and hands each call to the collection's grain; it never asks the singleton on the hot path.
/// </summary>
[Alias("OrleansFailover.IVectorRouterGrain")]
public interface IVectorRouterGrain : IGrainWithIntegerKey
{
    /// <summary>Creates the collection, or does nothing when one with the same schema exists.</summary>
    [Alias("EnsureCollection")]
    Task EnsureCollection(string collection, CollectionSchema schema);

    [Alias("CollectionExists")]
    Task<bool> CollectionExists(string collection);

    [Alias("GetCollection")]
    Task<CollectionInfo> GetCollection(string collection);

    [Alias("ListCollections")]
    Task<IReadOnlyList<string>> ListCollections();

    [Alias("Upsert")]
    Task Upsert(string collection, IReadOnlyList<VectorPoint> points);

    [Alias("Delete")]
    Task Delete(string collection, IReadOnlyList<PointId> ids);

    [Alias("Get")]
    Task<IReadOnlyList<VectorPoint>> Get(string collection, IReadOnlyList<PointId> ids, bool withPayload = true, bool withVectors = false);

    [Alias("Count")]
    Task<long> Count(string collection, PointFilter? filter = null);

    [Alias("Scroll")]
    Task<ScrollPage> Scroll(string collection, ScrollRequest request);

    [Alias("Search")]
    Task<IReadOnlyList<ScoredPoint>> Search(string collection, SearchRequest request);
}
