using System.Collections.Concurrent;
using OrleansFailover.Contracts;

namespace OrleansFailover.VectorStores.InMemory;

/// <summary>
/// The backup store: exact search over vectors held in memory, with the same semantics as Qdrant
/// (cosine vectors normalized on upsert, scroll in id order, strict score thresholds). Thread-safe. Every method
/// completes before it returns; writes also have synchronous forms, for callers that must apply a write and
/// journal it with nothing in between.
/// </summary>
public sealed class InMemoryVectorStore : IVectorStore
{
    private readonly ConcurrentDictionary<string, InMemoryCollection> _collections = new(StringComparer.Ordinal);

    public Task CreateCollectionAsync(string collection, CollectionSchema schema, CancellationToken cancellationToken = default)
    {
        CollectionNames.EnsureValid(collection);
        RequestChecks.EnsureSchema(collection, schema);
        if (!_collections.TryAdd(collection, new InMemoryCollection(collection, schema)))
        {
            throw VectorStoreException.CollectionAlreadyExists(collection);
        }

        return Task.CompletedTask;
    }

    public Task<bool> CollectionExistsAsync(string collection, CancellationToken cancellationToken = default) =>
        Task.FromResult(Contains(collection));

    public bool Contains(string collection)
    {
        CollectionNames.EnsureValid(collection);
        return _collections.ContainsKey(collection);
    }

    public Task<CollectionInfo> GetCollectionAsync(string collection, CancellationToken cancellationToken = default)
    {
        var found = Find(collection);
        return Task.FromResult(new CollectionInfo(found.Name, found.Schema, found.Count));
    }

    public Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_collections.Keys.Order(StringComparer.Ordinal).ToArray());

    public Task<bool> DeleteCollectionAsync(string collection, CancellationToken cancellationToken = default)
    {
        CollectionNames.EnsureValid(collection);
        return Task.FromResult(_collections.TryRemove(collection, out _));
    }

    public Task UpsertAsync(string collection, IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default)
    {
        Upsert(collection, points);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string collection, IReadOnlyList<PointId> ids, CancellationToken cancellationToken = default)
    {
        Delete(collection, ids);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VectorPoint>> GetAsync(
        string collection,
        IReadOnlyList<PointId> ids,
        bool withPayload = true,
        bool withVectors = true,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(Get(collection, ids, withPayload, withVectors));

    /// <summary>Validates the whole batch, then inserts or replaces the points; a bad batch changes nothing.</summary>
    public void Upsert(string collection, IReadOnlyList<VectorPoint> points) =>
        Find(collection).Upsert(points ?? throw VectorStoreException.InvalidArgument("The batch of points is missing."));

    public void Delete(string collection, IReadOnlyList<PointId> ids) =>
        Find(collection).Delete(ids ?? throw VectorStoreException.InvalidArgument("The list of ids is missing."));

    public IReadOnlyList<VectorPoint> Get(string collection, IReadOnlyList<PointId> ids, bool withPayload = true, bool withVectors = true) =>
        Find(collection).Get(ids ?? throw VectorStoreException.InvalidArgument("The list of ids is missing."), withPayload, withVectors);

    public Task<long> CountAsync(string collection, PointFilter? filter = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(collection).CountMatching(filter));

    public Task<ScrollPage> ScrollAsync(string collection, ScrollRequest request, CancellationToken cancellationToken = default)
    {
        RequestChecks.EnsureScroll(request);
        return Task.FromResult(Find(collection).Scroll(request));
    }

    public Task<IReadOnlyList<ScoredPoint>> SearchAsync(
        string collection, SearchRequest request, CancellationToken cancellationToken = default)
    {
        RequestChecks.EnsureSearch(collection, request);
        return Task.FromResult(Find(collection).Search(request));
    }

    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new StoreHealth(true, $"in-memory store with {_collections.Count} collections"));

    private InMemoryCollection Find(string collection)
    {
        CollectionNames.EnsureValid(collection);
        return _collections.TryGetValue(collection, out var found)
            ? found
            : throw VectorStoreException.CollectionNotFound(collection);
    }
}
