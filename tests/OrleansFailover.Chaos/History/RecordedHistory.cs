namespace OrleansFailover.Chaos.History;

/// <summary>
/// A history to check: its operations, and how many clock ticks make a second (so the report can speak in milliseconds).
/// </summary>
public sealed record RecordedHistory
{
    public RecordedHistory(IReadOnlyList<HistoryOperation> operations, long ticksPerSecond)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ticksPerSecond);
        Operations = operations;
        TicksPerSecond = ticksPerSecond;
    }

    public IReadOnlyList<HistoryOperation> Operations { get; }

    public long TicksPerSecond { get; }
}
