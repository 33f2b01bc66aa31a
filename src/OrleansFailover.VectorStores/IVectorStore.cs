using OrleansFailover.Contracts;

namespace OrleansFailover.VectorStores;

/// <summary>
/// What the service needs from a vector store. Qdrant (the primary) and the in-memory store (the backup)
/// both implement it with the same semantics, errors included: every failure is a <see cref="VectorStoreException"/>
/// whose <see cref="VectorStoreException.Kind"/> says whose fault it is.
/// </summary>
public interface IVectorStore
{
    Task CreateCollectionAsync(string collection, CollectionSchema schema, CancellationToken cancellationToken = default);

    Task<bool> CollectionExistsAsync(string collection, CancellationToken cancellationToken = default);

    Task<CollectionInfo> GetCollectionAsync(string collection, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the collection; false when there was none.</summary>
    Task<bool> DeleteCollectionAsync(string collection, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces the points. A batch with one invalid point changes nothing.</summary>
    Task UpsertAsync(string collection, IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default);

    /// <summary>Deletes the points with these ids; ids that are not there are not an error.</summary>
    Task DeleteAsync(string collection, IReadOnlyList<PointId> ids, CancellationToken cancellationToken = default);

    /// <summary>The points with these ids that exist, in id order.</summary>
    Task<IReadOnlyList<VectorPoint>> GetAsync(
        string collection,
        IReadOnlyList<PointId> ids,
        bool withPayload = true,
        bool withVectors = true,
        CancellationToken cancellationToken = default);

    /// <summary>The exact number of points, or of points matching the filter.</summary>
    Task<long> CountAsync(string collection, PointFilter? filter = null, CancellationToken cancellationToken = default);

    Task<ScrollPage> ScrollAsync(string collection, ScrollRequest request, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ScoredPoint>> SearchAsync(
        string collection, SearchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Asks the store whether it can serve; never throws for an unreachable store, it says so.</summary>
    Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default);
}
