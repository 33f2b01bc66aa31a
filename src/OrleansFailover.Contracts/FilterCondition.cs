namespace OrleansFailover.Contracts;

/// <summary>One condition of a <see cref="PointFilter"/>. Key paths use dots for nested keys (<c>meta.group</c>).</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.FilterCondition")]
public sealed record class FilterCondition
{
    private FilterCondition(ConditionKind kind, string key)
    {
        Kind = kind;
        Key = key;
    }

    [Id(0)] public ConditionKind Kind { get; }
    [Id(1)] public string Key { get; }
    [Id(2)] public string? Keyword { get; private init; }
    [Id(3)] public long Integer { get; private init; }
    [Id(4)] public bool Bool { get; private init; }
    [Id(5)] public NumericRange? Range { get; private init; }
    [Id(6)] public IReadOnlyList<PointId>? Ids { get; private init; }
    [Id(7)] public PointFilter? Nested { get; private init; }

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
