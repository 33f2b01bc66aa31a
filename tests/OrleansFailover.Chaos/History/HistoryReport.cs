using System.Globalization;
using System.Text;

namespace OrleansFailover.Chaos.History;

/// <summary>What <see cref="HistoryChecker.Check"/> found. <see cref="Passed"/> only when no observation is unexplained.</summary>
public sealed record HistoryReport
{
    /// <summary>How many violations <see cref="ToString"/> prints in full.</summary>
    public const int ViolationsPrinted = 20;

    public required OperationCounts Operations { get; init; }

    /// <summary>Points with an initial state, an operation, or a final value.</summary>
    public required int PointsChecked { get; init; }

    /// <summary>Points whose final value only a failed (indeterminate) write explains: allowed, but worth knowing.</summary>
    public required int IndeterminatePoints { get; init; }

    /// <summary>Property 1, by point.</summary>
    public required IReadOnlyList<Violation> Lost { get; init; }

    /// <summary>Property 3, by point.</summary>
    public required IReadOnlyList<Violation> Resurrected { get; init; }

    /// <summary>Property 4: final values by point, then reads in invocation order.</summary>
    public required IReadOnlyList<Violation> Phantoms { get; init; }

    /// <summary>Property 2, reads in invocation order.</summary>
    public required IReadOnlyList<Violation> InvisibleReads { get; init; }

    /// <summary>What callers of failed operations saw, most frequent first.</summary>
    public required IReadOnlyList<FailureReasonCount> FailureReasons { get; init; }

    public IEnumerable<Violation> Violations => Lost.Concat(Resurrected).Concat(Phantoms).Concat(InvisibleReads);

    public int ViolationCount => Lost.Count + Resurrected.Count + Phantoms.Count + InvisibleReads.Count;

    public bool Passed => ViolationCount == 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        var counts = Operations;
        text.Append(CultureInfo.InvariantCulture,
            $"History check {(Passed ? "PASSED" : "FAILED")}: {counts.Total} operations (upserts {counts.AcknowledgedUpserts} acknowledged + {counts.FailedUpserts} failed, ");
        text.Append(CultureInfo.InvariantCulture,
            $"deletes {counts.AcknowledgedDeletes} + {counts.FailedDeletes}, reads {counts.AcknowledgedReads} + {counts.FailedReads}), ");
        text.Append(CultureInfo.InvariantCulture,
            $"{PointsChecked} points checked, {IndeterminatePoints} indeterminate; ");
        text.Append(CultureInfo.InvariantCulture,
            $"{Lost.Count} lost, {Resurrected.Count} resurrected, {Phantoms.Count} phantom, {InvisibleReads.Count} invisible reads");
        if (FailureReasons.Count > 0)
        {
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"Failures seen by callers: {counts.Failed} (");
            text.AppendJoin("; ", FailureReasons.Take(5).Select(reason => $"{reason.Count}x {reason.Reason}"));
            if (FailureReasons.Count > 5)
            {
                text.Append(CultureInfo.InvariantCulture, $"; {FailureReasons.Count - 5} other reasons");
            }

            text.Append(')');
        }

        if (!Passed)
        {
            text.AppendLine();
            text.Append(ViolationCount > ViolationsPrinted
                ? string.Create(CultureInfo.InvariantCulture, $"First {ViolationsPrinted} of {ViolationCount} violations:")
                : "Violations:");
            foreach (var violation in Violations.Take(ViolationsPrinted))
            {
                text.AppendLine();
                text.Append("  ").Append(violation.Description);
            }
        }

        return text.ToString();
    }
}
