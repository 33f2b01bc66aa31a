namespace OrleansFailover.QdrantTestServer.Engine;

/// <summary>What a nearest-neighbour search compares against: a dense vector or a sparse one.</summary>
public sealed record NearestQuery(string VectorName, float[]? Dense, uint[]? SparseIndices, float[]? SparseValues)
{
    public bool IsSparse => SparseIndices is not null;
}
