namespace OrleansFailover.QdrantTestServer.Storage;

/// <summary>One collection: its configuration and its points in id order, guarded by one lock.</summary>
public sealed class ServerCollection(string name, CollectionLayout config)
{
    public string Name { get; } = name;

    public CollectionLayout Config { get; } = config;

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    public SortedDictionary<PointKey, StoredPoint> Points { get; } = [];

    public object Gate { get; } = new();
}
