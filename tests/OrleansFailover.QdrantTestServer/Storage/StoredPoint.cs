using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;

namespace OrleansFailover.QdrantTestServer.Storage;

/// <summary>A point as the server keeps it: vectors already normalized (cosine) or sorted (sparse).</summary>
public sealed class StoredPoint
{
    public required PointKey Key { get; init; }

    public Dictionary<string, float[]> Dense { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (uint[] Indices, float[] Values)> Sparse { get; } = new(StringComparer.Ordinal);

    public MapField<string, Value> Payload { get; } = [];
}
