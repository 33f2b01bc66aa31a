using System.Globalization;

namespace OrleansFailover.Chaos.History;

/// <summary>Renders clock ticks as milliseconds since the history's first invocation, so people can read the report.</summary>
internal sealed class RelativeClock(long originTicks, long ticksPerSecond)
{
    public static RelativeClock For(RecordedHistory history)
    {
        var origin = history.Operations.Count == 0 ? 0 : history.Operations.Min(operation => operation.InvokedAt);
        return new RelativeClock(origin, history.TicksPerSecond);
    }

    public string Milliseconds(long ticks)
    {
        var milliseconds = (ticks - originTicks) * 1000.0 / ticksPerSecond;
        return milliseconds.ToString("+0.000;-0.000", CultureInfo.InvariantCulture);
    }

    public string Interval(long invokedAt, long completedAt) => $"[{Milliseconds(invokedAt)}..{Milliseconds(completedAt)} ms]";

    public static string Value(long? token) => token?.ToString(CultureInfo.InvariantCulture) ?? "absent";

    public string Write(PointWrite write)
    {
        if (write.Operation is not { } operation)
        {
            return $"the initial state ({Value(write.Value)})";
        }

        var what = operation.Kind == OperationKind.Upsert
            ? string.Create(CultureInfo.InvariantCulture, $"upsert {operation.Value} by writer {operation.Writer}")
            : string.Create(CultureInfo.InvariantCulture, $"delete by writer {operation.Writer}");
        var outcome = operation.Outcome == OperationOutcome.Acknowledged
            ? "acknowledged"
            : $"failed: {operation.FailureReason ?? "no reason given"}";
        return $"{what} {Interval(operation.InvokedAt, operation.CompletedAt)} {outcome}";
    }

    public string Read(HistoryOperation read) =>
        string.Create(CultureInfo.InvariantCulture, $"read by writer {read.Writer} {Interval(read.InvokedAt, read.CompletedAt)}");
}
