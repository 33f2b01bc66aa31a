namespace OrleansFailover.Contracts;

/// <summary>One page of a scroll through a collection in id order.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.ScrollRequest")]
public sealed record class ScrollRequest
{
    public const int MaxLimit = 100_000;

    /// <summary>The first id of the page (inclusive); null starts at the beginning.</summary>
    [Id(0)] public PointId? Offset { get; init; }
    [Id(1)] public int Limit { get; init; } = 256;
    [Id(2)] public PointFilter? Filter { get; init; }
    [Id(3)] public bool WithPayload { get; init; } = true;
    [Id(4)] public bool WithVectors { get; init; } = true;
}
