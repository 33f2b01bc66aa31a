namespace OrleansFailover.Contracts;

/// <summary>A top-k search.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.SearchRequest")]
public sealed record class SearchRequest
{
    public const int MaxLimit = 10_000;

    [Id(0)] public required VectorQuery Query { get; init; }
    [Id(1)] public int Limit { get; init; } = 10;

    /// <summary>Strict: similarity above it (cosine, dot, sparse, hybrid), distance below it (euclid, manhattan).</summary>
    [Id(2)] public float? ScoreThreshold { get; init; }
    [Id(3)] public PointFilter? Filter { get; init; }
    [Id(4)] public bool WithPayload { get; init; } = true;
    [Id(5)] public bool WithVectors { get; init; }
}
