namespace OrleansFailover.Contracts;

/// <summary>A page of points in id order, and the id the next page starts at (null on the last page).</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.ScrollPage")]
public sealed record class ScrollPage(
    [property: Id(0)] IReadOnlyList<VectorPoint> Points,
    [property: Id(1)] PointId? NextOffset);
