using OrleansFailover.Contracts;
using OrleansFailover.Testing;

namespace OrleansFailover.VectorStores.Tests.Contract;

public abstract partial class VectorStoreContract
{
    public static TheoryData<string, PointFilter, int[]> Filters => new()
    {
        { "keyword", new PointFilter { Must = [FilterCondition.MatchKeyword("lang", "rust")] }, [2, 4] },
        { "integer", new PointFilter { Must = [FilterCondition.MatchInteger("size", 30)] }, [3] },
        { "bool", new PointFilter { Must = [FilterCondition.MatchBool("public", false)] }, [1, 4] },
        { "range", new PointFilter { Must = [FilterCondition.InRange("size", new NumericRange { GreaterThan = 10, LessThanOrEqual = 30 })] }, [2, 3] },
        { "range over doubles", new PointFilter { Must = [FilterCondition.InRange("weight", new NumericRange { GreaterThanOrEqual = 0.5 })] }, [1, 3] },
        { "nested key", new PointFilter { Must = [FilterCondition.MatchKeyword("meta.group", "b")] }, [3, 4] },
        { "array element", new PointFilter { Must = [FilterCondition.MatchKeyword("tags", "hot")] }, [1, 2] },
        { "should", new PointFilter { Should = [FilterCondition.MatchInteger("size", 10), FilterCondition.MatchInteger("size", 40)] }, [1, 4] },
        { "must not", new PointFilter { MustNot = [FilterCondition.MatchKeyword("lang", "rust")] }, [1, 3] },
        { "has id", new PointFilter { Must = [FilterCondition.HasId([PointId.FromNumber(2), PointId.FromNumber(3)])] }, [2, 3] },
        { "nested filter", new PointFilter
            {
                Must =
                [
                    FilterCondition.Matches(new PointFilter
                    {
                        Should = [FilterCondition.MatchKeyword("lang", "go"), FilterCondition.MatchBool("public", false)],
                    }),
                ],
                MustNot = [FilterCondition.MatchInteger("size", 40)],
            }, [1, 3] },
        { "missing key", new PointFilter { Must = [FilterCondition.MatchKeyword("absent", "x")] }, [] },
        { "integer does not match a double", new PointFilter { Must = [FilterCondition.MatchInteger("weight", 1)] }, [] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Filters_select_the_same_points_in_search_scroll_and_count(string kind, PointFilter filter, int[] expected)
    {
        var name = await CreateAsync(TestPoints.DenseSchema(2, Distance.Dot));
        await Store.UpsertAsync(name,
        [
            Point(1, "go", 10, 0.5, "a", ["hot", "new"], isPublic: false),
            Point(2, "rust", 20, 0.25, "a", ["hot"], isPublic: true),
            Point(3, "go", 30, 1.0, "b", [], isPublic: true),
            Point(4, "rust", 40, 0.125, "b", ["cold"], isPublic: false),
        ], Cancel);

        var hits = await Store.SearchAsync(
            name, new SearchRequest { Query = VectorQuery.Dense("dense", [1, 1]), Filter = filter, Limit = 10 }, Cancel);
        var page = await Store.ScrollAsync(name, new ScrollRequest { Filter = filter, Limit = 10 }, Cancel);
        var count = await Store.CountAsync(name, filter, Cancel);

        Assert.True(expected.SequenceEqual(hits.Select(h => (int)h.Id.Number).Order()), $"{kind}: search");
        Assert.True(expected.SequenceEqual(page.Points.Select(p => (int)p.Id.Number)), $"{kind}: scroll");
        Assert.Equal(expected.Length, count);
    }

    private static VectorPoint Point(
        ulong id, string lang, long size, double weight, string group, string[] tags, bool isPublic) =>
        TestPoints.Dense(id, "dense", [id, 1], TestPoints.Payload(
            ("lang", lang),
            ("size", size),
            ("weight", weight),
            ("public", isPublic),
            ("meta", TestPoints.Object(("group", group))),
            ("tags", PayloadValue.FromArray(tags.Select(PayloadValue.FromString)))));
}
