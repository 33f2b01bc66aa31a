using System.Diagnostics;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Testing;

namespace OrleansFailover.Benchmarks;

/// <summary>
/// M8 (10,000 journaled writes replayed into Qdrant), against the silo process and the Qdrant test server. M7, the
/// writes lost or invisible, comes from the history checker (<see cref="ChaosBenchmark"/>).
/// </summary>
internal sealed class ZeroDataLossBenchmarks(WorkloadFixture fixture, ServiceHost service, int runs)
{
    private const int Writers = 32;
    private const int ReplayWrites = 10_000;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// M8: failover, 10,000 single-point writes through the service (9 upserts for each delete), then the return:
    /// the figure is the replay (from the start of sync-back until the journal is drained into Qdrant), as the
    /// silo measures it; the whole return (with the fresh full generation) is reported beside it.
    /// </summary>
    public async Task<Figure> ReplayAsync()
    {
        var replays = new List<double>();
        var returns = new List<double>();
        for (var run = -2; run < runs; run++)
        {
            await service.Failover.ForceFailover("benchmark: M8");
            await RoutingProbe.WaitAsync(fixture, service, toQdrant: false);
            var points = new Workload("m8", ReplayWrites, fixture.Workload.Dimensions, seed: 1000 + run).Points().ToArray();
            await WriteConcurrentlyAsync(ReplayWrites, i => i % 10 == 9
                ? service.Router.Delete(WorkloadFixture.Collection, [points[i - 1].Id])
                : service.Router.Upsert(WorkloadFixture.Collection, [points[i]]));

            var started = Stopwatch.GetTimestamp();
            var syncingBack = await service.Failover.ForceReturn("benchmark: M8 replay");
            await WaitForModeAsync(m => !m.FailoverActive && m.Version > syncingBack.Version);
            var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var report = (await service.Status.GetStatus()).Collections.Single(c => c.Name == WorkloadFixture.Collection).SyncBack!;
            if (report.Phase != SyncBackPhase.Completed || report.RecordsReplayed != ReplayWrites)
            {
                throw new InvalidOperationException($"The M8 sync-back did not replay every write: {report.Summary}");
            }

            if (run >= 0)
            {
                replays.Add(report.ReplayDuration!.Value.TotalMilliseconds);
                returns.Add(total);
            }
        }

        return new Figure("M8", fixture.Workload.Name,
            $"sync-back: {ReplayWrites:N0} journaled writes (9 upserts : 1 delete) replayed into Qdrant, as the silo times it",
            new Sample(replays) { Warmups = 2 }, 2000, "none (goal: 2 s)", null,
            new Dictionary<string, object> { ["return_to_qdrant_with_fresh_generation_median_ms"] = Math.Round(new Sample(returns).Median) });
    }

    private static async Task WriteConcurrentlyAsync(int count, Func<int, Task> write)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await write(i);
            }
        }));
    }

    private async Task WaitForModeAsync(Func<ServiceMode, bool> reached)
    {
        var waited = Stopwatch.StartNew();
        while (!reached(await service.Failover.GetMode()))
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException("The service did not reach the expected mode within 5 minutes.");
            }

            await Task.Delay(PollInterval);
        }
    }
}
