using OrleansFailover.Client.Output;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Client.Commands;

/// <summary>
/// Follows a sync-back from the command line: polls the status every quarter second, shows the replay's progress,
/// and ends when the circuit has closed (traffic is back on Qdrant) or opened again (sync-back failed).
/// </summary>
internal static class SyncBackWait
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<FailoverStatus> UntilDoneAsync(IServiceStatusGrain service, TextWriter error, TimeSpan limit, CancellationToken cancellationToken)
    {
        var progress = new ProgressDisplay(error, "sync-back: records replayed", total: null);
        var deadline = DateTimeOffset.UtcNow + limit;
        while (true)
        {
            var status = await service.GetStatus();
            if (!status.SyncBackActive)
            {
                progress.Done(status.FailoverActive ? "sync-back did not finish" : "sync-back done");
                return status;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Sync-back still runs after {limit.TotalSeconds:F0} s (pending: {string.Join(", ", status.SyncBackPending)}); follow it with 'status'.");
            }

            var replayed = status.Collections.Sum(c => c.SyncBack?.RecordsReplayed ?? 0);
            progress.Report(replayed, $"({status.SyncBackPending.Count} collection(s) to go)");
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>The outcome in one line per collection that took part.</summary>
    public static IEnumerable<string> Describe(FailoverStatus status) =>
        status.Collections.Where(c => c.SyncBack is not null).Select(c => $"{c.Name}: {c.SyncBack!.Summary}");
}
