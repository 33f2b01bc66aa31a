using OrleansFailover.Chaos.History;

namespace OrleansFailover.Chaos.Tests;

/// <summary>Assertions that print the whole report when they fail, since the report is what explains the failure.</summary>
internal static class ReportAssert
{
    public static void Passes(HistoryReport report) => Assert.True(report.Passed, report.ToString());

    /// <summary>The report holds exactly one violation, of this kind at this point; returns it for closer checks.</summary>
    public static Violation SingleViolation(HistoryReport report, ViolationKind kind, ulong point)
    {
        var violations = report.Violations.ToList();
        Assert.True(violations.Count == 1, $"Expected exactly one {kind} at point {point}, got:\n{report}");
        var violation = violations[0];
        Assert.True(violation.Kind == kind && violation.Point == point, $"Expected a {kind} at point {point}, got:\n{report}");
        Assert.False(report.Passed);
        return violation;
    }
}
