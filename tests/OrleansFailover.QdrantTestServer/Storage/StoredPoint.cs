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

    /// <summary>
    /// The point rendered with its whole payload and every vector, built once and shared by every response
    /// that asks for all of it (the common case: a full sync scrolling everything). Never mutated once built.
    /// </summary>
    public RetrievedPoint? CompleteRendering { get; set; }

    /// <summary><see cref="CompleteRendering"/> in wire form, so a full scroll sends cached bytes.</summary>
    public byte[]? CompleteRenderingBytes { get; set; }
}
