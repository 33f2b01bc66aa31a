using OrleansFailover.Chaos.History;

namespace OrleansFailover.Chaos.Tests;

/// <summary>
/// Visibility: an acknowledged read must see a write that may be the latest while it runs; never one superseded before
/// it began (invisible), never one invoked after it completed or never written (phantom).
/// </summary>
public sealed class ReadTests
{
    [Fact]
    public void A_read_after_an_acknowledged_upsert_that_sees_it_passes()
    {
        var report = new HistoryBuilder()
            .Upsert(point: 1, token: 10, from: 0, to: 5)
            .Read(point: 1, from: 10, to: 12, observed: 10)
            .Check((1, 10));

        ReportAssert.Passes(report);
    }

    [Fact]
    public void A_read_that_sees_a_value_superseded_before_it_began_is_invisible()
    {
        var report = new HistoryBuilder()
            .Upsert(point: 1, token: 10, from: 0, to: 5)
            .Upsert(point: 1, token: 11, from: 10, to: 15, writer: 2)
            .Read(point: 1, from: 20, to: 22, observed: 10, writer: 3)
            .Check((1, 11));

        var violation = ReportAssert.SingleViolation(report, ViolationKind.InvisibleRead, point: 1);
        Assert.Equal(10, violation.Observed);
        Assert.Equal(OperationKind.Read, violation.Read?.Kind);
        Assert.Equal(10, violation.ObservedWrite?.Value);
        Assert.Equal(11, violation.Missed?.Value);
        Assert.Equal([11L], violation.Candidates.Select(candidate => candidate.Value));
        Assert.Contains("read by writer 3 [+20.000..+22.000 ms] saw 10", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_that_sees_absent_after_an_acknowledged_upsert_is_invisible()
    {
        var report = new HistoryBuilder()
            .Upsert(point: 1, token: 10, from: 0, to: 5)
            .Read(point: 1, from: 10, to: 12, observed: null)
            .Check((1, 10));

        var violation = ReportAssert.SingleViolation(report, ViolationKind.InvisibleRead, point: 1);
        Assert.Equal(10, violation.Missed?.Value);
    }

    [Fact]
    public void A_read_that_sees_a_value_deleted_before_it_began_is_invisible()
    {
        var report = new HistoryBuilder()
            .Upsert(point: 1, token: 10, from: 0, to: 5)
            .Delete(point: 1, from: 10, to: 15)
            .Read(point: 1, from: 20, to: 22, observed: 10)
            .Check();

        var violation = ReportAssert.SingleViolation(report, ViolationKind.InvisibleRead, point: 1);
        Assert.Equal(OperationKind.Delete, violation.Missed?.Kind);
    }

    [Fact]
    public void A_read_that_sees_absent_for_an_initial_value_is_invisible()
    {
        var report = new HistoryBuilder()
            .Initially(point: 1, token: 5)
            .Read(point: 1, from: 0, to: 2, observed: null)
            .Check((1, 5));

        var violation = ReportAssert.SingleViolation(report, ViolationKind.InvisibleRead, point: 1);
        Assert.True(violation.Missed?.IsInitialState);
    }

    [Fact]
    public void A_read_of_an_initially_absent_point_may_see_absent()
    {
        var report = new HistoryBuilder()
            .Initially(point: 1, token: null)
            .Read(point: 1, from: 0, to: 2, observed: null)
            .Check();

        ReportAssert.Passes(report);
    }

    [Fact]
    public void A_read_that_sees_a_write_invoked_after_it_completed_is_a_phantom()
    {
        var report = new HistoryBuilder()
            .Read(point: 1, from: 0, to: 5, observed: 10)
            .Upsert(point: 1, token: 10, from: 10, to: 15)
            .Check((1, 10));

        var violation = ReportAssert.SingleViolation(report, ViolationKind.Phantom, point: 1);
        Assert.Equal(10, violation.ObservedWrite?.Value);
        Assert.Contains("invoked after the read completed", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_that_sees_a_token_never_written_is_a_phantom()
    {
        var report = new HistoryBuilder()
            .Upsert(point: 1, token: 10, from: 0, to: 5)
            .Read(point: 1, from: 10, to: 12, observed: 999)
            .Check((1, 10));

        var violation = ReportAssert.SingleViolation(report, ViolationKind.Phantom, point: 1);
        Assert.NotNull(violation.Read);
        Assert.Null(violation.ObservedWrite);
    }

    [Theory]
    [InlineData(10L)]
    [InlineData(11L)]
    public void A_read_concurrent_with_an_upsert_may_see_the_old_or_the_new_value(long observed)
    {
        var report = new HistoryBuilder()
            .Upsert(point: 1, token: 10, from: 0, to: 5)
            .Upsert(point: 1, token: 11, from: 10, to: 20)
            .Read(point: 1, from: 12, to: 14, observed: observed)
            .Check((1, 11));

        ReportAssert.Passes(report);
    }

    [Theory]
    [InlineData(10L)]
    [InlineData(null)]
    public void A_read_concurrent_with_a_delete_may_see_the_value_or_absent(long? observed)
    {
        var report = new HistoryBuilder()
            .Upsert(point: 1, token: 10, from: 0, to: 5)
            .Delete(point: 1, from: 10, to: 20)
            .Read(point: 1, from: 15, to: 25, observed: observed)
            .Check();

        ReportAssert.Passes(report);
    }

    [Fact]
    public void A_read_may_see_an_old_value_when_the_write_that_supersedes_it_completes_only_as_the_read_begins()
    {
        // Completion and invocation on the same tick cannot be ordered: the write may not have landed yet.
        var report = new HistoryBuilder()
            .Upsert(point: 1, token: 10, from: 0, to: 5)
            .Upsert(point: 1, token: 11, from: 10, to: 20)
            .Read(point: 1, from: 20, to: 22, observed: 10)
            .Check((1, 11));

        ReportAssert.Passes(report);
    }

    [Fact]
    public void A_read_may_see_a_write_invoked_on_the_tick_it_completed()
    {
        var report = new HistoryBuilder()
            .Read(point: 1, from: 0, to: 10, observed: 10)
            .Upsert(point: 1, token: 10, from: 10, to: 15)
            .Check((1, 10));

        ReportAssert.Passes(report);
    }

    [Fact]
    public void A_read_may_see_a_failed_write_long_after_a_later_acknowledged_one()
    {
        // A failed write may land at any instant after its invocation, so it may be the latest whenever it is seen.
        var report = new HistoryBuilder()
            .FailedUpsert(point: 1, token: 10, from: 0, to: 5)
            .Upsert(point: 1, token: 11, from: 10, to: 15)
            .Read(point: 1, from: 100, to: 102, observed: 10)
            .Check((1, 11));

        ReportAssert.Passes(report);
    }

    [Fact]
    public void A_read_may_see_absent_from_a_failed_delete()
    {
        var report = new HistoryBuilder()
            .Upsert(point: 1, token: 10, from: 0, to: 5)
            .FailedDelete(point: 1, from: 10, to: 15)
            .Read(point: 1, from: 20, to: 22, observed: null)
            .Check();

        ReportAssert.Passes(report);
    }

    [Fact]
    public void A_read_may_see_absent_from_a_failed_delete_still_in_flight()
    {
        var report = new HistoryBuilder()
            .Upsert(point: 1, token: 10, from: 0, to: 5)
            .FailedDelete(point: 1, from: 10, to: 30)
            .Read(point: 1, from: 20, to: 22, observed: null)
            .Check();

        ReportAssert.Passes(report);
    }

    [Fact]
    public void A_read_may_not_see_a_failed_write_invoked_after_it_completed()
    {
        var report = new HistoryBuilder()
            .Read(point: 1, from: 0, to: 5, observed: 10)
            .FailedUpsert(point: 1, token: 10, from: 10, to: 15)
            .Check((1, 10));

        ReportAssert.SingleViolation(report, ViolationKind.Phantom, point: 1);
    }

    [Fact]
    public void A_read_may_not_see_absent_from_a_delete_invoked_after_it_completed()
    {
        var report = new HistoryBuilder()
            .Upsert(point: 1, token: 10, from: 0, to: 5)
            .Read(point: 1, from: 10, to: 12, observed: null)
            .Delete(point: 1, from: 20, to: 25)
            .Check();

        var violation = ReportAssert.SingleViolation(report, ViolationKind.InvisibleRead, point: 1);
        Assert.Equal(10, violation.Missed?.Value);
    }

    [Fact]
    public void A_failed_read_is_counted_but_not_judged()
    {
        var report = new HistoryBuilder()
            .Upsert(point: 1, token: 10, from: 0, to: 5)
            .FailedRead(point: 1, from: 10, to: 12)
            .Check((1, 10));

        ReportAssert.Passes(report);
        Assert.Equal(1, report.Operations.FailedReads);
    }

    [Fact]
    public void Every_invisible_read_is_reported_in_invocation_order()
    {
        var report = new HistoryBuilder()
            .Upsert(point: 1, token: 10, from: 0, to: 5)
            .Upsert(point: 1, token: 11, from: 10, to: 15)
            .Read(point: 1, from: 40, to: 42, observed: 10, writer: 2)
            .Read(point: 1, from: 20, to: 22, observed: null, writer: 3)
            .Read(point: 1, from: 30, to: 32, observed: 11, writer: 4)
            .Check((1, 11));

        Assert.Equal([3, 2], report.InvisibleReads.Select(violation => violation.Read!.Writer));
    }
}
