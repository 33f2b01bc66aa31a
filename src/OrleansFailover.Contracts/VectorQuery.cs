namespace OrleansFailover.Contracts;

/// <summary>What a search looks for: a dense vector, a sparse vector, or both fused (hybrid).</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.VectorQuery")]
public sealed record class VectorQuery
{
    /// <summary>Qdrant's default k for reciprocal rank fusion: a point at 0-based rank r in a list scores 1 / (r + k).</summary>
    public const int DefaultRrfK = 2;

    private VectorQuery(VectorQueryKind kind) => Kind = kind;

    [Id(0)] public VectorQueryKind Kind { get; }
    [Id(1)] public string DenseName { get; private init; } = string.Empty;
    [Id(2)] public float[]? DenseVector { get; private init; }
    [Id(3)] public string SparseName { get; private init; } = string.Empty;
    [Id(4)] public SparseVector? SparseVector { get; private init; }

    /// <summary>For hybrid search: how many candidates each side contributes to the fusion (0: the search limit).</summary>
    [Id(5)] public int CandidateLimit { get; private init; }

    public static VectorQuery Dense(string vectorName, float[] vector) =>
        new(VectorQueryKind.Dense) { DenseName = vectorName, DenseVector = vector };

    public static VectorQuery Sparse(string vectorName, SparseVector vector) =>
        new(VectorQueryKind.Sparse) { SparseName = vectorName, SparseVector = vector };

    public static VectorQuery Hybrid(
        string denseName, float[] dense, string sparseName, SparseVector sparse, int candidateLimit = 0) =>
        new(VectorQueryKind.Hybrid)
        {
            DenseName = denseName,
            DenseVector = dense,
            SparseName = sparseName,
            SparseVector = sparse,
            CandidateLimit = candidateLimit,
        };
}
