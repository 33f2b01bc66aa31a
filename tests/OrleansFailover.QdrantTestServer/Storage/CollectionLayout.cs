using Qdrant.Client.Grpc;

namespace OrleansFailover.QdrantTestServer.Storage;

/// <summary>A collection's vector configuration, as it was created.</summary>
public sealed class CollectionLayout
{
    /// <summary>Dense vectors by name; the empty name is the unnamed default vector.</summary>
    public required IReadOnlyDictionary<string, VectorParams> Dense { get; init; }

    public required IReadOnlyCollection<string> Sparse { get; init; }

    /// <summary>True when the collection was created with a single unnamed vector.</summary>
    public bool HasUnnamedVector => Dense.ContainsKey(string.Empty);
}
