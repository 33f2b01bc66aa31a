namespace OrleansFailover.VectorStores.Qdrant;

/// <summary>How to reach Qdrant over gRPC.</summary>
public sealed class QdrantStoreOptions
{
    /// <summary>Qdrant's gRPC endpoint.</summary>
    public Uri Endpoint { get; set; } = new("http://localhost:6334");

    public string? ApiKey { get; set; }

    /// <summary>The deadline of every call; a call that takes longer counts as a failure of the primary.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The deadline of a health check, shorter so that a hung primary is noticed quickly.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest gRPC message either way; Qdrant's own limit is 64 MiB.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// Ask Qdrant for exact (brute-force) search instead of HNSW. Slower on large collections,
    /// but gives exactly the results the in-memory store gives; the differential tests use it.
    /// </summary>
    public bool ExactSearch { get; set; }
}
