namespace OrleansFailover.Contracts;

/// <summary>One condition of a <see cref="PointFilter"/>. Key paths use dots for nested keys (<c>meta.group</c>).</summary>
[Immutable, Alias("OrleansFailover.FilterCondition")]
public sealed record class FilterCondition
{
    private FilterCondition(ConditionKind kind, string key)
    {
        Kind = kind;
        Key = key;
    }

    public ConditionKind Kind { get; }
    public string Key { get; }
    public string? Keyword { get; private init; }
    public long Integer { get; private init; }
    public bool Bool { get; private init; }
    public NumericRange? Range { get; private init; }
    public IReadOnlyList<PointId>? Ids { get; private init; }
    public PointFilter? Nested { get; private init; }

    public static FilterCondition MatchKeyword(string key, string keyword) =>
        new(ConditionKind.MatchKeyword, key) { Keyword = keyword };

    public static FilterCondition MatchInteger(string key, long value) =>
        new(ConditionKind.MatchInteger, key) { Integer = value };

    public static FilterCondition MatchBool(string key, bool value) =>
        new(ConditionKind.MatchBool, key) { Bool = value };

    public static FilterCondition InRange(string key, NumericRange range) =>
        new(ConditionKind.Range, key) { Range = range };

    public static FilterCondition HasId(IEnumerable<PointId> ids) =>
        new(ConditionKind.HasId, string.Empty) { Ids = ids.ToArray() };

    public static FilterCondition Matches(PointFilter filter) =>
        new(ConditionKind.Filter, string.Empty) { Nested = filter };
}
