namespace OrleansFailover.Contracts;

/// <summary>A named dense vector of a collection. The empty name is Qdrant's unnamed default vector.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.DenseVectorConfig")]
public sealed record class DenseVectorConfig(
    [property: Id(0)] string Name,
    [property: Id(1)] int Size,
    [property: Id(2)] Distance Distance);
