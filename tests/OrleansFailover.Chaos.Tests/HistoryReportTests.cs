using OrleansFailover.Chaos.History;

namespace OrleansFailover.Chaos.Tests;

/// <summary>The report: counts, failure reasons, readable descriptions, and a refusal to judge a malformed history.</summary>
public sealed class HistoryReportTests
{
    [Fact]
    public void Operations_are_counted_by_kind_and_outcome_and_failure_reasons_by_frequency()
    {
        var report = new HistoryBuilder()
            .Upsert(point: 1, token: 10, from: 0, to: 5)
            .Upsert(point: 2, token: 20, from: 0, to: 5)
            .FailedUpsert(point: 1, token: 11, from: 10, to: 15, reason: "timeout")
            .Delete(point: 2, from: 10, to: 15)
            .FailedDelete(point: 2, from: 20, to: 25, reason: "unavailable")
            .FailedDelete(point: 3, from: 20, to: 25, reason: "timeout")
            .Read(point: 1, from: 30, to: 31, observed: 10)
            .Read(point: 4, from: 30, to: 31, observed: null)
            .FailedRead(point: 1, from: 30, to: 31, reason: "timeout")
            .Check((1, 11));

        ReportAssert.Passes(report);
        Assert.Equal(new OperationCounts(
            AcknowledgedUpserts: 2, FailedUpserts: 1, AcknowledgedDeletes: 1, FailedDeletes: 2, AcknowledgedReads: 2, FailedReads: 1),
            report.Operations);
        Assert.Equal(9, report.Operations.Total);
        Assert.Equal(2, report.Operations.Of(OperationKind.Delete, OperationOutcome.Failed));
        Assert.Equal([new FailureReasonCount("timeout", 3), new FailureReasonCount("unavailable", 1)], report.FailureReasons);
        Assert.Equal(4, report.PointsChecked);

        // Only point 1's final value, from the failed upsert, is explained by nothing but a failed write.
        Assert.Equal(1, report.IndeterminatePoints);
    }

    [Fact]
    public void A_passing_report_prints_one_summary_line_and_the_failure_reasons()
    {
        var report = new HistoryBuilder()
            .Upsert(point: 1, token: 10, from: 0, to: 5)
            .FailedUpsert(point: 1, token: 11, from: 10, to: 15, reason: "deadline exceeded")
            .Check((1, 10));

        var lines = report.ToString().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("History check PASSED: 2 operations (upserts 1 acknowledged + 1 failed", lines[0], StringComparison.Ordinal);
        Assert.Contains("0 lost, 0 resurrected, 0 phantom, 0 invisible reads", lines[0], StringComparison.Ordinal);
        Assert.Equal("Failures seen by callers: 1 (1x deadline exceeded)", lines[1]);
    }

    [Fact]
    public void A_failing_report_prints_the_first_twenty_violations()
    {
        var builder = new HistoryBuilder();
        for (ulong point = 1; point <= 25; point++)
        {
            builder.Upsert(point, token: (long)point, from: 0, to: 5);
        }

        var report = builder.Check();

        Assert.False(report.Passed);
        Assert.Equal(25, report.Lost.Count);
        var text = report.ToString();
        Assert.Contains("History check FAILED", text, StringComparison.Ordinal);
        Assert.Contains("First 20 of 25 violations:", text, StringComparison.Ordinal);
        Assert.Equal(HistoryReport.ViolationsPrinted, text.Split('\n').Count(line => line.StartsWith("  LOST point ", StringComparison.Ordinal)));
        Assert.Contains("  LOST point 20:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LOST point 21:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptions_give_times_in_milliseconds_from_the_first_invocation()
    {
        // Ticks at 1 MHz starting at an arbitrary clock value, as Stopwatch timestamps do.
        const long start = 987_654_321;
        HistoryOperation[] operations =
        [
            new() { Writer = 1, Kind = OperationKind.Upsert, Point = 1, Value = 10, InvokedAt = start, CompletedAt = start + 1_500, Outcome = OperationOutcome.Acknowledged },
            new() { Writer = 2, Kind = OperationKind.Upsert, Point = 1, Value = 11, InvokedAt = start + 2_000, CompletedAt = start + 2_250, Outcome = OperationOutcome.Acknowledged },
            new() { Writer = 3, Kind = OperationKind.Read, Point = 1, InvokedAt = start + 12_000, CompletedAt = start + 12_345, Outcome = OperationOutcome.Acknowledged, Observed = 10 },
        ];

        var report = HistoryChecker.Check(new RecordedHistory(operations, 1_000_000), new Dictionary<ulong, long?>(), new Dictionary<ulong, long?> { [1] = 11 });

        var violation = ReportAssert.SingleViolation(report, ViolationKind.InvisibleRead, point: 1);
        Assert.Equal(
            "INVISIBLE point 1: read by writer 3 [+12.000..+12.345 ms] saw 10 from upsert 10 by writer 1 [+0.000..+1.500 ms] acknowledged, "
            + "but upsert 11 by writer 2 [+2.000..+2.250 ms] acknowledged superseded it before the read began; "
            + "allowed: upsert 11 by writer 2 [+2.000..+2.250 ms] acknowledged",
            violation.Description);
    }

    [Fact]
    public void A_violation_lists_a_few_candidates_and_counts_the_rest()
    {
        var builder = new HistoryBuilder().Upsert(point: 1, token: 1, from: 0, to: 5);
        for (var token = 100L; token < 120; token++)
        {
            builder.FailedUpsert(point: 1, token, from: token, to: token + 1);
        }

        var violation = ReportAssert.SingleViolation(builder.Check((1, 999)), ViolationKind.Phantom, point: 1);

        Assert.Equal(21, violation.Candidates.Count + violation.CandidatesNotListed);
        Assert.True(violation.Candidates[0].IsAcknowledged, "Acknowledged candidates come first.");
        Assert.Equal(119, violation.Candidates[1].Value);
        Assert.Contains($"and {violation.CandidatesNotListed} more", violation.Description, StringComparison.Ordinal);
    }

    public static TheoryData<string, HistoryOperation> MalformedOperations => new()
    {
        { "upsert without a token", Operation(OperationKind.Upsert, value: null) },
        { "upsert with a negative token", Operation(OperationKind.Upsert, value: -1) },
        { "delete with a token", Operation(OperationKind.Delete, value: 7) },
        { "completion before invocation", Operation(OperationKind.Delete, invokedAt: 10, completedAt: 9) },
        { "observed value on a write", Operation(OperationKind.Upsert, value: 7) with { Observed = 7 } },
        { "observed value on a failed read", Operation(OperationKind.Read) with { Outcome = OperationOutcome.Failed, Observed = 7 } },
        { "reserved instant", Operation(OperationKind.Read, invokedAt: long.MinValue) },
    };

    [Theory]
    [MemberData(nameof(MalformedOperations))]
    public void A_malformed_operation_is_refused(string what, HistoryOperation operation)
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            HistoryChecker.Check(new RecordedHistory([operation], 1000), new Dictionary<ulong, long?>(), new Dictionary<ulong, long?>()));
        Assert.Contains("Cannot check this history", exception.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void A_token_written_twice_is_refused_since_the_final_state_could_not_name_its_write()
    {
        var builder = new HistoryBuilder()
            .Initially(point: 1, token: 10)
            .Upsert(point: 2, token: 10, from: 0, to: 5);

        var exception = Assert.Throws<ArgumentException>(() => builder.Check());
        Assert.Contains("Token 10 is written twice", exception.Message, StringComparison.Ordinal);
    }

    private static HistoryOperation Operation(OperationKind kind, long? value = null, long invokedAt = 0, long completedAt = 5) => new()
    {
        Writer = 1,
        Kind = kind,
        Point = 1,
        Value = value,
        InvokedAt = invokedAt,
        CompletedAt = completedAt,
        Outcome = OperationOutcome.Acknowledged,
    };
}
