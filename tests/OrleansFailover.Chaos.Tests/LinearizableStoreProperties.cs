using CsCheck;
using OrleansFailover.Chaos.History;

namespace OrleansFailover.Chaos.Tests;

/// <summary>
/// The checker against a store known to be linearizable: it must pass every such run (or it would cry wolf in the
/// chaos tests), and it must catch each kind of damage done to such a run (or it could never fail).
/// </summary>
public sealed class LinearizableStoreProperties
{
    /// <summary>Enough to reach the odd corners of small histories, few enough to keep the suite at a few seconds.</summary>
    private const int Samples = 400;

    /// <summary>An unused token: operation tokens stay far below it.</summary>
    private const long UnwrittenToken = 987_654_321;

    private static readonly Gen<SimulatedRun> Runs = SimulationPlan.Plans.Select(RegisterSimulation.Run);

    [Fact]
    public void Every_run_of_a_linearizable_store_passes() =>
        Runs.Sample(run => ReportAssert.Passes(run.Check()), iter: Samples, print: Print);

    [Fact]
    public void Dropping_the_effect_of_an_unambiguous_last_write_is_caught()
    {
        // Unambiguous: no failed write to the point (it could explain any value) and every other acknowledged write
        // to it precedes the last one; and the last write changed the value, or dropping it would change nothing.
        var damaged =
            from run in Runs.Where(run => UnambiguousLastWrites(run).Any())
            from pick in Gen.Int[0, 1_000]
            let lastWrites = UnambiguousLastWrites(run).ToList()
            let last = lastWrites[pick % lastWrites.Count]
            select (Run: run.WithFinalValue(last.Recorded.Point, last.PointValueBefore), Dropped: last.Recorded);

        damaged.Sample(damage =>
        {
            var expected = damage.Dropped.Kind == OperationKind.Upsert ? ViolationKind.Lost : ViolationKind.Resurrected;
            var violation = ReportAssert.SingleViolation(damage.Run.Check(), expected, damage.Dropped.Point);
            Assert.Equal(damage.Dropped, violation.Missed?.Operation);
        }, iter: Samples, print: damage => $"dropped {damage.Dropped}\n{Print(damage.Run)}");
    }

    [Fact]
    public void A_read_flipped_to_a_value_superseded_before_it_began_is_caught_as_invisible()
    {
        var damaged =
            from run in Runs.Where(run => SupersededValues(run).Any())
            from pick in Gen.Int[0, 1_000]
            let flips = SupersededValues(run).ToList()
            let flip = flips[pick % flips.Count]
            select (Run: run.WithObserved(flip.Read, flip.Value), flip.Read, flip.Value);

        damaged.Sample(damage =>
        {
            var violation = ReportAssert.SingleViolation(damage.Run.Check(), ViolationKind.InvisibleRead, damage.Read.Point);
            Assert.Equal(damage.Read.InvokedAt, violation.Read?.InvokedAt);
            Assert.Equal(damage.Read.Writer, violation.Read?.Writer);
        }, iter: Samples, print: damage => $"flipped {damage.Read} to see {damage.Value}\n{Print(damage.Run)}");
    }

    [Fact]
    public void A_read_flipped_to_a_write_invoked_after_it_completed_is_caught_as_phantom()
    {
        var damaged =
            from run in Runs.Where(run => FutureValues(run).Any())
            from pick in Gen.Int[0, 1_000]
            let flips = FutureValues(run).ToList()
            let flip = flips[pick % flips.Count]
            select (Run: run.WithObserved(flip.Read, flip.Value), flip.Read, flip.Value);

        damaged.Sample(damage =>
        {
            var violation = ReportAssert.SingleViolation(damage.Run.Check(), ViolationKind.Phantom, damage.Read.Point);
            Assert.NotNull(violation.Read);
        }, iter: Samples, print: damage => $"flipped {damage.Read} to see {damage.Value}\n{Print(damage.Run)}");
    }

    [Fact]
    public void A_final_value_replaced_by_a_token_not_written_to_its_point_is_caught_as_phantom()
    {
        // Any point of the run, or one no operation touched; a token no one wrote, or one written to another point
        // (a write sent to the wrong point is as much a phantom there as one never sent).
        var damaged =
            from run in Runs
            from pointPick in Gen.Int[0, SimulationPlan.MaximumPoints]
            from tokenPick in Gen.Int[0, 1_000]
            let points = run.Points.Append(1_000UL).ToList()
            let point = points[pointPick % points.Count]
            let tokens = TokensWrittenElsewhere(run, point).Prepend(UnwrittenToken).ToList()
            select (Run: run.WithFinalValue(point, tokens[tokenPick % tokens.Count]), Point: point, Token: tokens[tokenPick % tokens.Count]);

        damaged.Sample(damage =>
        {
            var violation = ReportAssert.SingleViolation(damage.Run.Check(), ViolationKind.Phantom, damage.Point);
            Assert.Null(violation.Read);
            Assert.Equal(damage.Token, violation.Observed);
        }, iter: Samples, print: damage => $"point {damage.Point} token {damage.Token}\n{Print(damage.Run)}");
    }

    private static IEnumerable<SimulatedOperation> UnambiguousLastWrites(SimulatedRun run)
    {
        foreach (var writes in run.Operations.Where(operation => operation.Recorded.IsWrite).GroupBy(operation => operation.Recorded.Point))
        {
            if (writes.Any(write => write.Recorded.Outcome == OperationOutcome.Failed))
            {
                continue;
            }

            var last = writes.MaxBy(write => write.Recorded.CompletedAt)!;
            var othersPrecedeIt = writes.All(write => write == last || write.Recorded.CompletedAt < last.Recorded.InvokedAt);
            if (othersPrecedeIt && last.PointValueBefore != last.Recorded.Value)
            {
                yield return last;
            }
        }
    }

    /// <summary>(read, token) pairs where an acknowledged write superseded the token's write before the read began.</summary>
    private static IEnumerable<(HistoryOperation Read, long Value)> SupersededValues(SimulatedRun run)
    {
        var acknowledgedWrites = run.Operations
            .Select(operation => operation.Recorded)
            .Where(operation => operation.IsWrite && operation.Outcome == OperationOutcome.Acknowledged)
            .ToList();
        foreach (var read in AcknowledgedReads(run))
        {
            var upserts = acknowledgedWrites
                .Where(write => write.Point == read.Point && write.Kind == OperationKind.Upsert)
                .Select(write => (Value: write.Value!.Value, write.CompletedAt));
            if (run.InitialState[read.Point] is { } initialToken)
            {
                upserts = upserts.Append((initialToken, long.MinValue));
            }

            foreach (var (value, completedAt) in upserts)
            {
                var supersededBeforeRead = acknowledgedWrites.Any(write =>
                    write.Point == read.Point && write.InvokedAt > completedAt && write.CompletedAt < read.InvokedAt);
                if (supersededBeforeRead)
                {
                    yield return (read, value);
                }
            }
        }
    }

    /// <summary>(read, token) pairs where the token's upsert, acknowledged or not, was invoked after the read completed.</summary>
    private static IEnumerable<(HistoryOperation Read, long Value)> FutureValues(SimulatedRun run) =>
        from read in AcknowledgedReads(run)
        from write in run.Operations.Select(operation => operation.Recorded)
        where write.Kind == OperationKind.Upsert && write.Point == read.Point && write.InvokedAt > read.CompletedAt
        select (read, write.Value!.Value);

    private static IEnumerable<long> TokensWrittenElsewhere(SimulatedRun run, ulong point) =>
        run.Operations
            .Select(operation => operation.Recorded)
            .Where(operation => operation.Kind == OperationKind.Upsert && operation.Point != point)
            .Select(operation => operation.Value!.Value)
            .Concat(run.InitialState.Where(entry => entry.Key != point && entry.Value is not null).Select(entry => entry.Value!.Value));

    private static IEnumerable<HistoryOperation> AcknowledgedReads(SimulatedRun run) =>
        run.Operations
            .Select(operation => operation.Recorded)
            .Where(operation => operation.Kind == OperationKind.Read && operation.Outcome == OperationOutcome.Acknowledged);

    private static string Print(SimulatedRun run) => $"{run}\n{run.Check()}";
}
