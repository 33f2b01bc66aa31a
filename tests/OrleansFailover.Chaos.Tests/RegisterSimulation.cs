using OrleansFailover.Chaos.History;

namespace OrleansFailover.Chaos.Tests;

/// <summary>
/// Runs a plan against a true linearizable store: one register per point, every operation taking effect at one instant
/// inside its interval (a failed write: at some instant after its invocation, possibly after its completion, or never),
/// reads returning the register at their instant. Whatever the checker says of such a run, it must say "passed".
/// </summary>
internal static class RegisterSimulation
{
    private const long FirstOperationToken = 1_000;

    public static SimulatedRun Run(SimulationPlan plan)
    {
        var initialState = new Dictionary<ulong, long?>();
        for (var point = 0; point < plan.PointCount; point++)
        {
            initialState[(ulong)point] = plan.InitiallyPresent[point] ? point + 1 : null;
        }

        var writerClocks = new long[plan.Operations.Length == 0 ? 0 : plan.Operations.Max(operation => operation.Writer) + 1];
        var recorded = new HistoryOperation[plan.Operations.Length];
        var effects = new long?[plan.Operations.Length];
        for (var index = 0; index < plan.Operations.Length; index++)
        {
            var planned = plan.Operations[index];
            var invokedAt = writerClocks[planned.Writer] + planned.Gap;
            var completedAt = invokedAt + planned.Latency;
            writerClocks[planned.Writer] = completedAt;
            var kind = (OperationKind)planned.KindRoll;
            var failed = planned.FailRoll < plan.FailurePercent;
            recorded[index] = new HistoryOperation
            {
                Writer = planned.Writer,
                Kind = kind,
                Point = (ulong)(planned.PointRoll % plan.PointCount),
                Value = kind == OperationKind.Upsert ? FirstOperationToken + index : null,
                InvokedAt = invokedAt,
                CompletedAt = completedAt,
                Outcome = failed ? OperationOutcome.Failed : OperationOutcome.Acknowledged,
                FailureReason = failed ? "simulated timeout" : null,
            };
            effects[index] = (failed, kind) switch
            {
                (false, _) => invokedAt + (planned.Latency * planned.EffectPermille / 1000),
                (true, not OperationKind.Read) when planned.FailedWriteLands => invokedAt + planned.FailedWriteLandsAfter,
                _ => null,
            };
        }

        var registers = new Dictionary<ulong, long?>(initialState);
        var valuesBefore = new long?[plan.Operations.Length];
        var order = Enumerable.Range(0, plan.Operations.Length)
            .Where(index => effects[index] is not null)
            .OrderBy(index => effects[index])
            .ThenBy(index => plan.Operations[index].TieBreak)
            .ThenBy(index => index);
        foreach (var index in order)
        {
            var operation = recorded[index];
            var current = registers[operation.Point];
            switch (operation.Kind)
            {
                case OperationKind.Read:
                    recorded[index] = operation with { Observed = current };
                    break;
                default:
                    valuesBefore[index] = current;
                    registers[operation.Point] = operation.Value;
                    break;
            }
        }

        var finalState = registers.Where(entry => entry.Value is not null).ToDictionary();
        var operations = recorded.Select((operation, index) => new SimulatedOperation(operation, effects[index], valuesBefore[index])).ToList();
        return new SimulatedRun(operations, initialState, finalState);
    }
}
