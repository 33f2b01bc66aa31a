namespace OrleansFailover.Contracts;

/// <summary>A search hit. Payload and vectors are present only when the search asked for them.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.ScoredPoint")]
public sealed record class ScoredPoint(
    [property: Id(0)] PointId Id,
    [property: Id(1)] float Score,
    [property: Id(2)] VectorPoint? Point);
