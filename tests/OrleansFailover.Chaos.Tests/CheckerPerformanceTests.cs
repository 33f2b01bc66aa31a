using System.Diagnostics;
using OrleansFailover.Chaos.History;

namespace OrleansFailover.Chaos.Tests;

/// <summary>A chaos run records on the order of 100,000 operations; checking them must not be what makes it slow.</summary>
[Collection(TimedTestsCollection.Name)]
public sealed class CheckerPerformanceTests
{
    private const int Operations = 100_000;

    /// <summary>"Well under a second" with room for a busy two-core CI machine; a quadratic slip would take minutes.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Other test assemblies run at the same time and can take the cores away from one measurement; the best of a few
    /// measures the checker. It stops at the first within budget, so a healthy run measures once.
    /// </summary>
    private const int Attempts = 3;

    [Theory]
    [InlineData(1_000, 16)]
    [InlineData(3, 16)]
    public void A_hundred_thousand_operations_check_well_under_a_second(int points, int writers)
    {
        var run = RegisterSimulation.Run(LargePlan(new Random(points), points, writers));
        Warm();

        var (report, elapsed) = Timed(run.History, run.InitialState, run.FinalState);

        ReportAssert.Passes(report);
        Assert.Equal(Operations, report.Operations.Total);
        Assert.True(elapsed < Budget, $"Checking {Operations} operations over {points} points took {elapsed.TotalMilliseconds:F0} ms.");
    }

    [Fact]
    public void A_hundred_thousand_operations_full_of_violations_check_well_under_a_second()
    {
        // Every read sees absent and the final state is empty: tens of thousands of violations on three hot points,
        // each listing its candidates, which is where a careless candidate search turns quadratic. Upserts only, and
        // none failed, since any delete could explain an absence.
        var run = RegisterSimulation.Run(LargePlan(new Random(7), points: 3, writers: 16, failurePercent: 0, withDeletes: false));
        var history = new RecordedHistory(
            [.. run.History.Operations.Select(operation => operation.Kind == OperationKind.Read ? operation with { Observed = null } : operation)],
            run.History.TicksPerSecond);
        Warm();

        var (report, elapsed) = Timed(history, run.InitialState, new Dictionary<ulong, long?>());

        Assert.True(report.InvisibleReads.Count > 40_000, report.ToString());
        Assert.True(elapsed < Budget, $"Checking {Operations} operations with {report.ViolationCount} violations took {elapsed.TotalMilliseconds:F0} ms.");
    }

    private static SimulationPlan LargePlan(Random random, int points, int writers, int failurePercent = 5, bool withDeletes = true)
    {
        var initiallyPresent = Enumerable.Range(0, points).Select(_ => random.Next(2) == 0).ToArray();
        var operations = Enumerable.Range(0, Operations)
            .Select(_ => new PlannedOperation(
                Writer: random.Next(writers),
                KindRoll: withDeletes ? random.Next(3) : 2 * random.Next(2),
                PointRoll: random.Next(points),
                Gap: random.Next(20),
                Latency: random.Next(30),
                EffectPermille: random.Next(1001),
                FailRoll: random.Next(100),
                FailedWriteLands: random.Next(2) == 0,
                FailedWriteLandsAfter: random.Next(60),
                TieBreak: random.Next(4)))
            .ToArray();
        return new SimulationPlan(points, initiallyPresent, failurePercent, operations);
    }

    /// <summary>JIT the checker first, so the budget measures the algorithm.</summary>
    private static void Warm()
    {
        var small = RegisterSimulation.Run(LargePlan(new Random(0), points: 10, writers: 4) with { Operations = [] });
        HistoryChecker.Check(small.History, small.InitialState, small.FinalState);
        new HistoryBuilder().Upsert(point: 1, token: 1, from: 0, to: 1).Read(point: 1, from: 2, to: 3, observed: null).Check();
    }

    private static (HistoryReport Report, TimeSpan Elapsed) Timed(
        RecordedHistory history, IReadOnlyDictionary<ulong, long?> initialState, IReadOnlyDictionary<ulong, long?> finalState)
    {
        HistoryReport? report = null;
        var best = TimeSpan.MaxValue;
        for (var attempt = 0; attempt < Attempts && best >= Budget; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            report = HistoryChecker.Check(history, initialState, finalState);
            var elapsed = Stopwatch.GetElapsedTime(started);
            best = elapsed < best ? elapsed : best;
        }

        return (report!, best);
    }
}
