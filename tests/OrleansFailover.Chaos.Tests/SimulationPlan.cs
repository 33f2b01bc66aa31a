using CsCheck;

namespace OrleansFailover.Chaos.Tests;

/// <summary>A random run of sequential writers over a few points, against a store that is linearizable.</summary>
/// <param name="InitiallyPresent">Whether each point starts present; at least <paramref name="PointCount"/> long.</param>
internal sealed record SimulationPlan(int PointCount, bool[] InitiallyPresent, int FailurePercent, PlannedOperation[] Operations)
{
    public const int Writers = 4;
    public const int MaximumPoints = 4;

    /// <summary>
    /// Small time ranges on purpose, and extra weight on zero gaps, zero latencies and effects at either end of their
    /// interval: many overlaps and equal ticks, which are where a checker is too strict or too lenient.
    /// </summary>
    public static readonly Gen<PlannedOperation> PlannedOperations = Gen.Select(
        Gen.Int[0, Writers - 1],
        Gen.Int[0, 2],
        Gen.Int[0, MaximumPoints - 1],
        Gen.OneOf(Gen.Const(0), Gen.Int[0, 20]),
        Gen.OneOf(Gen.Const(0), Gen.Int[0, 30]),
        Gen.OneOf(Gen.Const(0), Gen.Const(1000), Gen.Int[0, 1000]),
        Gen.Int[0, 99],
        Gen.Bool,
        Gen.Int[0, 60],
        Gen.Int[0, 3],
        (writer, kind, point, gap, latency, effect, failRoll, lands, landsAfter, tieBreak) =>
            new PlannedOperation(writer, kind, point, gap, latency, effect, failRoll, lands, landsAfter, tieBreak));

    public static readonly Gen<SimulationPlan> Plans =
        from pointCount in Gen.Int[1, MaximumPoints]
        from initiallyPresent in Gen.Bool.Array[MaximumPoints]
        from failurePercent in Gen.OneOf(Gen.Const(0), Gen.Int[0, 40])
        from operations in PlannedOperations.Array[0, 60]
        select new SimulationPlan(pointCount, initiallyPresent, failurePercent, operations);
}
