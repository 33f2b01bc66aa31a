namespace OrleansFailover.Grains.SyncBack;

/// <summary>
/// One collection's sync-back runs, one at a time, by attempt number (the failover grain counts the attempts and
/// ignores a report of an earlier one). A request for the attempt under way changes nothing; a newer attempt runs
/// as soon as the current run ends (several newer ones collapse into the newest); an older one is ignored.
/// Used from a grain's turns, never from two threads at once.
/// </summary>
public sealed class SyncBackAttempts(Func<long, Task> run)
{
    private Task? _running;
    private long? _next;

    /// <summary>The attempt running now, or the last one that ran (0 before any).</summary>
    public long Current { get; private set; }

    public bool IsRunning => _running is { IsCompleted: false };

    public void Request(long attempt)
    {
        if (attempt < Current)
        {
            return;
        }

        if (!IsRunning)
        {
            _running = RunFromAsync(attempt);
        }
        else if (attempt > Current)
        {
            _next = attempt;
        }
    }

    private async Task RunFromAsync(long attempt)
    {
        for (long? next = attempt; next is { } current; next = _next)
        {
            Current = current;
            _next = null;
            await run(current);
        }
    }
}
