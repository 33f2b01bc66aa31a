using OrleansFailover.Contracts;
using OrleansFailover.Testing;

namespace OrleansFailover.VectorStores.Tests.Contract;

public abstract partial class VectorStoreContract
{
    private static readonly PointId HighUuid = PointId.FromUuid(Guid.Parse("ff000000-0000-4000-8000-000000000000"));
    private static readonly PointId LowUuid = PointId.FromUuid(Guid.Parse("00000000-0000-4000-8000-0000000000ff"));
    private static readonly PointId MiddleUuid = PointId.FromUuid(Guid.Parse("0f000000-ffff-4000-8000-000000000000"));

    [Fact]
    public async Task Scroll_returns_integer_ids_ascending_then_uuids_in_byte_order()
    {
        var name = await CreateAsync(TestPoints.DenseSchema(2, Distance.Dot));
        PointId[] ids = [HighUuid, 100, LowUuid, 5, MiddleUuid, 1];
        await Store.UpsertAsync(name, ids.Select(id => TestPoints.Dense(id, "dense", [1, 1])).ToArray(), Cancel);

        var page = await Store.ScrollAsync(name, new ScrollRequest { Limit = 100 }, Cancel);

        Assert.Equal([1, 5, 100, LowUuid, MiddleUuid, HighUuid], page.Points.Select(p => p.Id));
        Assert.Null(page.NextOffset);
    }

    [Fact]
    public async Task Scroll_pages_chain_through_inclusive_offsets_to_a_last_page_without_one()
    {
        var name = await CreateAsync(TestPoints.DenseSchema(2, Distance.Dot));
        await Store.UpsertAsync(
            name, Enumerable.Range(1, 7).Select(i => TestPoints.Dense((ulong)i, "dense", [i, 0])).ToArray(), Cancel);

        var first = await Store.ScrollAsync(name, new ScrollRequest { Limit = 3 }, Cancel);
        var second = await Store.ScrollAsync(name, new ScrollRequest { Limit = 3, Offset = first.NextOffset }, Cancel);
        var last = await Store.ScrollAsync(name, new ScrollRequest { Limit = 3, Offset = second.NextOffset }, Cancel);

        Assert.Equal([1, 2, 3], first.Points.Select(p => (int)p.Id.Number));
        Assert.Equal(PointId.FromNumber(4), first.NextOffset);
        Assert.Equal([4, 5, 6], second.Points.Select(p => (int)p.Id.Number));
        Assert.Equal([7], last.Points.Select(p => (int)p.Id.Number));
        Assert.Null(last.NextOffset);
    }

    [Fact]
    public async Task A_scroll_offset_between_ids_starts_at_the_next_id()
    {
        var name = await CreateAsync(TestPoints.DenseSchema(2, Distance.Dot));
        await Store.UpsertAsync(name, [TestPoints.Dense(10, "dense", [1, 0]), TestPoints.Dense(20, "dense", [1, 0])], Cancel);

        var page = await Store.ScrollAsync(name, new ScrollRequest { Offset = 15 }, Cancel);

        Assert.Equal([PointId.FromNumber(20)], page.Points.Select(p => p.Id));
    }

    [Fact]
    public async Task A_filtered_scroll_pages_over_matching_points_only()
    {
        var name = await CreateAsync(TestPoints.DenseSchema(2, Distance.Dot));
        await Store.UpsertAsync(name, Enumerable.Range(1, 10).Select(i => TestPoints.Dense(
            (ulong)i, "dense", [i, 0], TestPoints.Payload(("even", i % 2 == 0)))).ToArray(), Cancel);
        var filter = new PointFilter { Must = [FilterCondition.MatchBool("even", true)] };

        var first = await Store.ScrollAsync(name, new ScrollRequest { Limit = 2, Filter = filter }, Cancel);
        var rest = await Store.ScrollAsync(name, new ScrollRequest { Limit = 10, Filter = filter, Offset = first.NextOffset }, Cancel);

        Assert.Equal([2, 4], first.Points.Select(p => (int)p.Id.Number));
        Assert.Equal(PointId.FromNumber(6), first.NextOffset);
        Assert.Equal([6, 8, 10], rest.Points.Select(p => (int)p.Id.Number));
    }

    [Fact]
    public async Task Count_is_exact_and_counts_only_matching_points_under_a_filter()
    {
        var name = await CreateAsync(TestPoints.DenseSchema(2, Distance.Dot));
        await Store.UpsertAsync(name, Enumerable.Range(1, 25).Select(i => TestPoints.Dense(
            (ulong)i, "dense", [1, 0], TestPoints.Payload(("bucket", (long)(i % 5))))).ToArray(), Cancel);

        Assert.Equal(25, await Store.CountAsync(name, cancellationToken: Cancel));
        Assert.Equal(5, await Store.CountAsync(
            name, new PointFilter { Must = [FilterCondition.MatchInteger("bucket", 3)] }, Cancel));
    }
}
