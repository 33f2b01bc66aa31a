using System.Collections.Concurrent;

namespace OrleansFailover.QdrantTestServer.Storage;

/// <summary>
/// Everything the server holds. It outlives a stop and restart of the server, like a Qdrant's disk.
/// </summary>
public sealed class ServerStorage
{
    public ConcurrentDictionary<string, ServerCollection> Collections { get; } = new(StringComparer.Ordinal);

    public void Clear() => Collections.Clear();
}
