namespace OrleansFailover.Contracts.Serialization;

/// <summary>
/// How a <see cref="PointFilter"/> crosses the wire: its conditions as one flat list in pre-order, each naming the
/// condition whose nested filter holds it. Read back without recursion and with a bound on nesting, so that a filter
/// nested a hundred thousand levels deep (a few hundred kilobytes) is refused as malformed instead of exhausting the
/// stack of the silo that reads it. A filter that cannot be read arrives as <see cref="PointFilter.Unreadable"/>, so
/// that the caller gets an invalid-argument error (a body that fails to deserialize would stall the caller's
/// connection in Orleans 10.4).
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.PointFilterSurrogate")]
public readonly record struct PointFilterSurrogate([property: Id(0)] FlatCondition[] Conditions, [property: Id(1)] string? Unreadable = null);

/// <summary>One condition of a flattened filter.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.FlatCondition")]
public sealed record class FlatCondition
{
    /// <summary>The index of the Filter condition whose nested filter holds this one; -1: the top-level filter.</summary>
    [Id(0)] public int Parent { get; init; }

    /// <summary>0 must, 1 should, 2 must not.</summary>
    [Id(1)] public byte Clause { get; init; }
    [Id(2)] public ConditionKind Kind { get; init; }
    [Id(3)] public string? Key { get; init; }
    [Id(4)] public string? Keyword { get; init; }
    [Id(5)] public long Integer { get; init; }
    [Id(6)] public bool Bool { get; init; }
    [Id(7)] public NumericRange? Range { get; init; }
    [Id(8)] public PointId[]? Ids { get; init; }
}

[RegisterConverter]
public sealed class PointFilterSurrogateConverter : IConverter<PointFilter, PointFilterSurrogate>
{
    /// <summary>Filters nested deeper than this are not read (the service's own limit, Limits:MaxFilterDepth, is lower).</summary>
    public const int MaxDepth = 64;

    public PointFilterSurrogate ConvertToSurrogate(in PointFilter value)
    {
        if (value.Unreadable is { } why)
        {
            return new PointFilterSurrogate([], why);
        }

        var flat = new List<FlatCondition>();
        // Pre-order without recursion: a parent is always listed before its children.
        var pending = new Stack<(PointFilter Filter, int Parent)>();
        pending.Push((value, -1));
        while (pending.Count > 0)
        {
            var (filter, parent) = pending.Pop();
            var nested = new List<(PointFilter, int)>();
            foreach (var (clause, conditions) in Clauses(filter))
            {
                foreach (var condition in conditions)
                {
                    flat.Add(new FlatCondition
                    {
                        Parent = parent,
                        Clause = clause,
                        Kind = condition.Kind,
                        Key = condition.Key,
                        Keyword = condition.Keyword,
                        Integer = condition.Integer,
                        Bool = condition.Bool,
                        Range = condition.Range,
                        Ids = condition.Ids?.ToArray(),
                    });
                    if (condition.Kind == ConditionKind.Filter)
                    {
                        nested.Add((condition.Nested ?? new PointFilter(), flat.Count - 1));
                    }
                }
            }

            for (var i = nested.Count - 1; i >= 0; i--)
            {
                pending.Push(nested[i]);
            }
        }

        return new PointFilterSurrogate([.. flat]);
    }

    public PointFilter ConvertFromSurrogate(in PointFilterSurrogate surrogate)
    {
        if (surrogate.Unreadable is { } why)
        {
            return new PointFilter { Unreadable = why };
        }

        var flat = surrogate.Conditions ?? [];
        var depths = new int[flat.Length];
        for (var i = 0; i < flat.Length; i++)
        {
            var parent = flat[i].Parent;
            if (flat[i] is null || parent < -1 || parent >= i || (parent >= 0 && flat[parent].Kind != ConditionKind.Filter) || flat[i].Clause > 2
                || !Enum.IsDefined(flat[i].Kind))
            {
                return new PointFilter { Unreadable = $"The filter is malformed: condition {i} does not fit in it." };
            }

            depths[i] = parent < 0 ? 1 : depths[parent] + 1;
            if (depths[i] > MaxDepth)
            {
                return new PointFilter { Unreadable = $"The filter nests more than {MaxDepth} levels deep; flatten it." };
            }
        }

        // Children come after their parent: built from the last condition back, every nested filter is complete
        // before the condition that holds it.
        var children = new List<FilterCondition>?[flat.Length, 3];
        var top = new List<FilterCondition>[] { [], [], [] };
        for (var i = flat.Length - 1; i >= 0; i--)
        {
            var item = flat[i];
            var condition = Build(item, i, children);
            var siblings = item.Parent < 0 ? top[item.Clause] : (children[item.Parent, item.Clause] ??= []);
            siblings.Add(condition);
        }

        return Filter(top[0], top[1], top[2]);
    }

    private static FilterCondition Build(FlatCondition item, int index, List<FilterCondition>?[,] children)
    {
        var key = item.Key ?? string.Empty;
        return item.Kind switch
        {
            ConditionKind.MatchKeyword => FilterCondition.MatchKeyword(key, item.Keyword ?? string.Empty),
            ConditionKind.MatchInteger => FilterCondition.MatchInteger(key, item.Integer),
            ConditionKind.MatchBool => FilterCondition.MatchBool(key, item.Bool),
            ConditionKind.Range => FilterCondition.InRange(key, item.Range ?? new NumericRange()),
            ConditionKind.HasId => FilterCondition.HasId(item.Ids ?? []),
            ConditionKind.Filter => FilterCondition.Matches(Filter(children[index, 0], children[index, 1], children[index, 2])),
            _ => throw new InvalidDataException($"Filter condition {index} has an unknown kind ({(int)item.Kind})."),
        };
    }

    /// <summary>A filter from lists gathered back to front.</summary>
    private static PointFilter Filter(List<FilterCondition>? must, List<FilterCondition>? should, List<FilterCondition>? mustNot) => new()
    {
        Must = Reversed(must),
        Should = Reversed(should),
        MustNot = Reversed(mustNot),
    };

    private static FilterCondition[] Reversed(List<FilterCondition>? conditions)
    {
        if (conditions is null)
        {
            return [];
        }

        conditions.Reverse();
        return [.. conditions];
    }

    private static IEnumerable<(byte Clause, IReadOnlyList<FilterCondition> Conditions)> Clauses(PointFilter filter)
    {
        yield return (0, filter.Must ?? []);
        yield return (1, filter.Should ?? []);
        yield return (2, filter.MustNot ?? []);
    }
}
