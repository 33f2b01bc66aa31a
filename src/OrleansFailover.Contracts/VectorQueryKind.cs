namespace OrleansFailover.Contracts;

public enum VectorQueryKind
{
    Dense = 0,
    Sparse = 1,

    /// <summary>Dense and sparse candidates fused with reciprocal rank fusion.</summary>
    Hybrid = 2,
}
