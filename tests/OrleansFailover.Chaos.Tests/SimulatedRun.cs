using System.Globalization;
using System.Text;
using OrleansFailover.Chaos.History;

namespace OrleansFailover.Chaos.Tests;

/// <summary>A history produced by a linearizable store, with its initial and final states.</summary>
internal sealed record SimulatedRun(
    IReadOnlyList<SimulatedOperation> Operations,
    IReadOnlyDictionary<ulong, long?> InitialState,
    IReadOnlyDictionary<ulong, long?> FinalState)
{
    public RecordedHistory History => new([.. Operations.Select(operation => operation.Recorded)], HistoryBuilder.TicksPerSecond);

    /// <summary>Every point of the run: the simulation gives each one an initial state.</summary>
    public IEnumerable<ulong> Points => InitialState.Keys;

    public HistoryReport Check() => HistoryChecker.Check(History, InitialState, FinalState);

    public SimulatedRun WithFinalValue(ulong point, long? value)
    {
        var finalState = FinalState.ToDictionary();
        if (value is null)
        {
            finalState.Remove(point);
        }
        else
        {
            finalState[point] = value;
        }

        return this with { FinalState = finalState };
    }

    public SimulatedRun WithObserved(HistoryOperation read, long? observed) => this with
    {
        Operations = [.. Operations.Select(operation => ReferenceEquals(operation.Recorded, read)
            ? operation with { Recorded = read with { Observed = observed } }
            : operation)],
    };

    /// <summary>The whole run, one operation a line, for a shrunk counterexample.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("initial: ").AppendJoin(", ", InitialState.Select(entry => $"{entry.Key}={Render(entry.Value)}")).AppendLine();
        foreach (var operation in Operations.OrderBy(operation => operation.Recorded.InvokedAt))
        {
            var recorded = operation.Recorded;
            text.Append(CultureInfo.InvariantCulture,
                $"  w{recorded.Writer} {recorded.Kind} p{recorded.Point}{(recorded.Value is { } token ? $" #{token}" : "")} [{recorded.InvokedAt}..{recorded.CompletedAt}] {recorded.Outcome}");
            if (recorded.Kind == OperationKind.Read && recorded.Outcome == OperationOutcome.Acknowledged)
            {
                text.Append(" saw ").Append(Render(recorded.Observed));
            }

            text.Append(operation.EffectAt is { } effect ? string.Create(CultureInfo.InvariantCulture, $" @{effect}") : " (no effect)").AppendLine();
        }

        text.Append("final: ").AppendJoin(", ", FinalState.Select(entry => $"{entry.Key}={Render(entry.Value)}"));
        return text.ToString();
    }

    private static string Render(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "absent";
}
