using OrleansFailover.QdrantTestServer.Storage;

namespace OrleansFailover.QdrantTestServer.Engine;

/// <summary>A scored point of a search.</summary>
public sealed record Hit(StoredPoint Point, float Score);
