namespace OrleansFailover.Contracts;

/// <summary>
/// A payload filter with Qdrant's semantics: every <see cref="Must"/> condition holds, at least one
/// <see cref="Should"/> condition holds when there are any, and no <see cref="MustNot"/> condition holds.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.PointFilter")]
public sealed record class PointFilter
{
    [Id(0)] public IReadOnlyList<FilterCondition> Must { get; init; } = [];
    [Id(1)] public IReadOnlyList<FilterCondition> Should { get; init; } = [];
    [Id(2)] public IReadOnlyList<FilterCondition> MustNot { get; init; } = [];

    public bool IsEmpty => Must.Count == 0 && Should.Count == 0 && MustNot.Count == 0;
}
