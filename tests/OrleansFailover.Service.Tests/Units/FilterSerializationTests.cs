using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Serialization;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>Filters between clients and silos: every condition arrives as sent, and no nesting can exhaust the reader's stack.</summary>
public sealed class FilterSerializationTests
{
    private readonly Serializer _serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static PointFilter Nested(int levels)
    {
        var filter = new PointFilter { Must = [FilterCondition.MatchBool("deepest", true)] };
        for (var i = 1; i < levels; i++)
        {
            filter = new PointFilter { Must = [FilterCondition.Matches(filter)] };
        }

        return filter;
    }

    private static int Depth(PointFilter filter)
    {
        var depth = 1;
        while (filter.Must.SingleOrDefault(c => c.Kind == ConditionKind.Filter) is { } nested)
        {
            filter = nested.Nested!;
            depth++;
        }

        return depth;
    }

    [Fact]
    public void Every_kind_of_condition_in_every_clause_arrives_as_sent_in_order()
    {
        var inner = new PointFilter
        {
            Should = [FilterCondition.MatchInteger("n", -7), FilterCondition.HasId([PointId.FromNumber(1), PointId.FromUuid(Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301"))])],
            MustNot = [FilterCondition.Matches(new PointFilter())],
        };
        var filter = new PointFilter
        {
            Must = [FilterCondition.MatchKeyword("path", "src/ünï.rs"), FilterCondition.Matches(inner), FilterCondition.MatchBool("flag", false)],
            Should = [FilterCondition.InRange("score", new NumericRange { GreaterThan = 0.5, LessThanOrEqual = 2 })],
            MustNot = [FilterCondition.MatchKeyword("lang", "")],
        };

        var copy = _serializer.Deserialize<SearchRequest>(_serializer.SerializeToArray(new SearchRequest { Query = VectorQuery.Dense("", [1f]), Filter = filter }))!.Filter!;

        Assert.Equal(Describe(filter), Describe(copy));
    }

    [Fact]
    public void A_filter_at_the_wire_limit_arrives_and_one_nested_a_hundred_thousand_levels_arrives_unreadable_without_recursion()
    {
        var atLimit = _serializer.Deserialize<PointFilter>(_serializer.SerializeToArray(Nested(PointFilterSurrogateConverter.MaxDepth)))!;
        var hostile = _serializer.SerializeToArray(Nested(100_000)); // written without recursion too

        var arrived = _serializer.Deserialize<PointFilter>(hostile)!;
        var again = _serializer.Deserialize<PointFilter>(_serializer.SerializeToArray(arrived))!; // passed on, it stays unreadable

        Assert.Equal(PointFilterSurrogateConverter.MaxDepth, Depth(atLimit));
        Assert.Null(atLimit.Unreadable);
        Assert.True(arrived.IsEmpty);
        Assert.Equal($"The filter nests more than {PointFilterSurrogateConverter.MaxDepth} levels deep; flatten it.", arrived.Unreadable);
        Assert.Equal(arrived.Unreadable, again.Unreadable);
        var refused = Assert.Throws<VectorStoreException>(() => PointFilter.EnsureReadable(arrived));
        Assert.Equal(VectorStoreErrorKind.InvalidArgument, refused.Kind);
    }

    [Theory]
    [InlineData(0, 0)]   // a condition that names itself as its parent
    [InlineData(1, 5)]   // a parent that comes after it
    public void A_flattened_filter_whose_parents_do_not_add_up_arrives_unreadable(int index, int parent)
    {
        var flat = new[]
        {
            new FlatCondition { Parent = -1, Kind = ConditionKind.Filter },
            new FlatCondition { Parent = 0, Kind = ConditionKind.MatchBool, Key = "b" },
        };
        flat[index] = flat[index] with { Parent = parent };

        var arrived = new PointFilterSurrogateConverter().ConvertFromSurrogate(new PointFilterSurrogate(flat));

        Assert.StartsWith("The filter is malformed", arrived.Unreadable, StringComparison.Ordinal);
        Assert.True(arrived.IsEmpty);
    }

    private static string Describe(PointFilter filter) =>
        $"must[{string.Join(";", filter.Must.Select(Describe))}] should[{string.Join(";", filter.Should.Select(Describe))}] not[{string.Join(";", filter.MustNot.Select(Describe))}]";

    private static string Describe(FilterCondition condition) => condition.Kind switch
    {
        ConditionKind.Filter => $"filter({Describe(condition.Nested!)})",
        ConditionKind.HasId => $"ids({string.Join(",", condition.Ids!)})",
        ConditionKind.Range => $"range({condition.Key} {condition.Range})",
        _ => $"{condition.Kind}({condition.Key} {condition.Keyword} {condition.Integer} {condition.Bool})",
    };
}
