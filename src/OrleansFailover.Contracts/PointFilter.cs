namespace OrleansFailover.Contracts;

/// <summary>
/// A payload filter with Qdrant's semantics: every <see cref="Must"/> condition holds, at least one
/// <see cref="Should"/> condition holds when there are any, and no <see cref="MustNot"/> condition holds.
/// </summary>
/// <remarks>On the wire it is flat (<see cref="Serialization.PointFilterSurrogate"/>): however deep it nests, reading it never recurses.</remarks>
[Immutable, Alias("OrleansFailover.PointFilter")]
public sealed record class PointFilter
{
    public IReadOnlyList<FilterCondition> Must { get; init; } = [];
    public IReadOnlyList<FilterCondition> Should { get; init; } = [];
    public IReadOnlyList<FilterCondition> MustNot { get; init; } = [];

    /// <summary>
    /// Why the filter that arrived could not be read (nested too deep, malformed), or null. Such a filter has no
    /// conditions, and every check and every store refuses it as an invalid argument rather than filter by nothing.
    /// </summary>
    public string? Unreadable { get; internal init; }

    /// <summary>Throws the caller's error for a filter that arrived unreadable.</summary>
    public static void EnsureReadable(PointFilter? filter)
    {
        if (filter?.Unreadable is { } why)
        {
            throw VectorStoreException.InvalidArgument(why);
        }
    }

    public bool IsEmpty => Must.Count == 0 && Should.Count == 0 && MustNot.Count == 0;
}
