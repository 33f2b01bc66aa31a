using Microsoft.Extensions.Options;
using OrleansFailover.Contracts;
using OrleansFailover.Grains.Options;
using OrleansFailover.VectorStores;
using OrleansFailover.VectorStores.Qdrant;

namespace OrleansFailover.Grains.Services;

/// <summary>This silo's connection to Qdrant, the primary store.</summary>
public sealed class PrimaryStore : IDisposable
{
    private readonly QdrantVectorStore _store;

    public PrimaryStore(IOptions<QdrantOptions> options)
    {
        var qdrant = options.Value;
        _store = new QdrantVectorStore(new QdrantStoreOptions
        {
            Endpoint = qdrant.Endpoint,
            ApiKey = qdrant.ApiKey,
            CallTimeout = qdrant.CallTimeout,
            HealthCheckTimeout = qdrant.HealthCheckTimeout,
            ExactSearch = qdrant.ExactSearch,
        });
    }

    public IVectorStore Store => _store;

    /// <summary>A health check on a fresh connection: what the circuit asks while Qdrant is thought to be down.</summary>
    public Task<StoreHealth> ProbeOnNewConnectionAsync(CancellationToken cancellationToken = default) =>
        _store.ProbeOnNewConnectionAsync(cancellationToken);

    public Uri Endpoint => _store.Endpoint;

    public void Dispose() => _store.Dispose();
}
