namespace OrleansFailover.Grains.Options;

/// <summary>Configuration section "Qdrant": the primary store.</summary>
public sealed class QdrantOptions
{
    public const string Section = "Qdrant";

    /// <summary>Qdrant's gRPC endpoint.</summary>
    public Uri Endpoint { get; set; } = new("http://localhost:6334");

    public string? ApiKey { get; set; }

    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Exact instead of HNSW search on Qdrant (the results then match the backup's exactly).</summary>
    public bool ExactSearch { get; set; }
}
