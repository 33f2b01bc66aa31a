using OrleansFailover.Contracts;
using OrleansFailover.Grains.Options;
using OrleansFailover.Grains.Routing;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>Each limit: at the limit passes, one over fails as InvalidArgument naming the setting and its value.</summary>
public sealed class RequestLimitsTests
{
    private static readonly RequestLimits Limits = new(new LimitsOptions
    {
        MaxPointsPerUpsert = 3,
        MaxIdsPerRequest = 4,
        MaxPayloadBytes = 100,
        MaxPayloadDepth = 3,
        MaxFilterConditions = 5,
        MaxFilterDepth = 2,
        MaxSearchLimit = 10,
        MaxScrollLimit = 20,
    });

    private static VectorPoint Point(ulong id, IReadOnlyDictionary<string, PayloadValue>? payload = null) =>
        new() { Id = id, Dense = new Dictionary<string, float[]> { [""] = [1f, 0f] }, Payload = payload ?? Payloads.Empty };

    private static void AssertRefused(Action request, string setting, int value)
    {
        var error = Assert.Throws<VectorStoreException>(request);
        Assert.Equal(VectorStoreErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"Limits:{setting} = {value}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Points_per_upsert()
    {
        Limits.CheckUpsert([Point(1), Point(2), Point(3)]);
        AssertRefused(() => Limits.CheckUpsert([Point(1), Point(2), Point(3), Point(4)]), "MaxPointsPerUpsert", 3);
    }

    [Fact]
    public void Ids_per_get_or_delete_and_in_a_filter()
    {
        Limits.CheckIds("get", [1, 2, 3, 4]);
        AssertRefused(() => Limits.CheckIds("delete", [1, 2, 3, 4, 5]), "MaxIdsPerRequest", 4);
        AssertRefused(
            () => Limits.CheckFilter(new PointFilter { Must = [FilterCondition.HasId([1, 2, 3]), FilterCondition.HasId([4, 5])] }),
            "MaxIdsPerRequest", 4);
    }

    [Fact]
    public void Payload_size_as_json()
    {
        Limits.CheckUpsert([Point(1, new Dictionary<string, PayloadValue> { ["text"] = new string('a', 80) })]);
        AssertRefused(
            () => Limits.CheckUpsert([Point(1), Point(2, new Dictionary<string, PayloadValue> { ["text"] = new string('a', 100) })]),
            "MaxPayloadBytes", 100);
        AssertRefused(
            () => Limits.CheckUpsert([Point(1, new Dictionary<string, PayloadValue> { ["many"] = PayloadValue.FromArray(Enumerable.Repeat(PayloadValue.FromInteger(1), 10)) })]),
            "MaxPayloadBytes", 100);
    }

    [Fact]
    public void Payload_depth()
    {
        static PayloadValue Nested(int levels) => levels == 0
            ? PayloadValue.FromInteger(1)
            : PayloadValue.FromObject([new KeyValuePair<string, PayloadValue>("a", Nested(levels - 1))]);

        Limits.CheckUpsert([Point(1, new Dictionary<string, PayloadValue> { ["a"] = Nested(2) })]);
        AssertRefused(() => Limits.CheckUpsert([Point(1, new Dictionary<string, PayloadValue> { ["a"] = Nested(3) })]), "MaxPayloadDepth", 3);
        AssertRefused(
            () => Limits.CheckUpsert([Point(1, new Dictionary<string, PayloadValue> { ["a"] = PayloadValue.FromArray([PayloadValue.FromArray([PayloadValue.FromArray([])])]) })]),
            "MaxPayloadDepth", 3);
    }

    [Fact]
    public void Filter_conditions_and_nesting()
    {
        var five = Enumerable.Range(0, 5).Select(i => FilterCondition.MatchInteger("n", i)).ToArray();
        Limits.CheckFilter(new PointFilter { Must = five });
        AssertRefused(() => Limits.CheckFilter(new PointFilter { Must = five, MustNot = [FilterCondition.MatchBool("b", true)] }), "MaxFilterConditions", 5);

        var twoLevels = new PointFilter { Should = [FilterCondition.Matches(new PointFilter { Must = [FilterCondition.MatchBool("b", true)] })] };
        Limits.CheckFilter(twoLevels);
        AssertRefused(
            () => Limits.CheckFilter(new PointFilter { Must = [FilterCondition.Matches(twoLevels)] }),
            "MaxFilterDepth", 2);
    }

    [Fact]
    public void Top_k_scroll_page_and_their_filters()
    {
        var query = VectorQuery.Dense("", [1f, 0f]);
        Limits.CheckSearch(new SearchRequest { Query = query, Limit = 10 });
        AssertRefused(() => Limits.CheckSearch(new SearchRequest { Query = query, Limit = 11 }), "MaxSearchLimit", 10);
        Limits.CheckScroll(new ScrollRequest { Limit = 20 });
        AssertRefused(() => Limits.CheckScroll(new ScrollRequest { Limit = 21 }), "MaxScrollLimit", 20);
        var deep = new PointFilter { Must = [FilterCondition.Matches(new PointFilter { Must = [FilterCondition.Matches(new PointFilter())] })] };
        AssertRefused(() => Limits.CheckSearch(new SearchRequest { Query = query, Filter = deep }), "MaxFilterDepth", 2);
        AssertRefused(() => Limits.CheckScroll(new ScrollRequest { Limit = 5, Filter = deep }), "MaxFilterDepth", 2);
    }

    [Fact]
    public void The_defaults_let_what_qdrant_users_send_through()
    {
        var defaults = new RequestLimits(new LimitsOptions());

        defaults.CheckUpsert(Enumerable.Range(1, 1000).Select(i => Point((ulong)i, new Dictionary<string, PayloadValue> { ["text"] = new string('a', 10_000) })).ToArray());
        defaults.CheckSearch(new SearchRequest { Query = VectorQuery.Dense("", [1f]), Limit = SearchRequest.MaxLimit });
        defaults.CheckScroll(new ScrollRequest { Limit = 10_000 });
    }
}
