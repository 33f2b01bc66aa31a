namespace OrleansFailover.Contracts;

/// <summary>A collection's configuration and how many points it holds.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.CollectionInfo")]
public sealed record class CollectionInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] CollectionSchema Schema,
    [property: Id(2)] long PointCount);
