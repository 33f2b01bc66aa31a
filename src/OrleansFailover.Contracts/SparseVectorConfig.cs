namespace OrleansFailover.Contracts;

/// <summary>A named sparse vector of a collection, scored by dot product over shared indices.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.SparseVectorConfig")]
public sealed record class SparseVectorConfig([property: Id(0)] string Name);
