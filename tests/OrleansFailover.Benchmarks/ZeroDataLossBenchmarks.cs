using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Testing;

namespace OrleansFailover.Benchmarks;

/// <summary>
/// M7 (acknowledged writes lost across a Qdrant failure, a silo crash during failover, and the recovery) and M8
/// (10,000 journaled writes replayed into Qdrant), against the silo process and the Qdrant test server.
/// </summary>
internal sealed class ZeroDataLossBenchmarks(WorkloadFixture fixture, ServiceHost service, int runs)
{
    private const int Writers = 32;
    private const int ReplayWrites = 10_000;
    private const int ChaosWrites = 12_000;
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

    /// <summary>
    /// M7: 32 indexers write 12,000 points (each retrying a write until it is acknowledged) while Qdrant stops, the
    /// silo is killed outright during failover and restarted, Qdrant comes back and sync-back runs under the same
    /// stream of writes. Then every acknowledged point is looked up in Qdrant.
    /// </summary>
    public async Task<Figure> LostWritesAsync()
    {
        var points = new Workload("m7", ChaosWrites, fixture.Workload.Dimensions, seed: 7).Points().ToArray();
        var acknowledged = new ConcurrentBag<PointId>();
        var failedAttempts = 0L;
        var chaos = new ChaosScript(fixture, service, ChaosWrites);
        var started = Stopwatch.GetTimestamp();
        var writing = WriteConcurrentlyAsync(ChaosWrites, async i =>
        {
            while (true)
            {
                try
                {
                    await service.Router.Upsert(WorkloadFixture.Collection, [points[i]]);
                    acknowledged.Add(points[i].Id);
                    await chaos.OnAcknowledgedAsync(acknowledged.Count);
                    return;
                }
                catch (Exception exception) when (exception is VectorStoreException or OrleansException or TimeoutException or ObjectDisposedException or InvalidOperationException)
                {
                    // What an indexer does when a write is refused or the silo is away: try again.
                    Interlocked.Increment(ref failedAttempts);
                    await Task.Delay(20);
                }
            }
        });
        await writing;
        await chaos.FinishAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        long found = 0;
        foreach (var batch in acknowledged.Chunk(1000))
        {
            found += (await fixture.Primary.GetAsync(WorkloadFixture.Collection, batch, withPayload: false)).Count;
        }

        var lost = acknowledged.Count - found;
        return new Figure("M7", fixture.Workload.Name,
            $"acknowledged writes lost: {lost} of {acknowledged.Count:N0} (Qdrant stopped, silo killed during failover and restarted, sync-back under load); time = the whole scenario",
            new Sample([elapsed]), null, "none (goal: 0 lost)", null,
            new Dictionary<string, object>
            {
                ["acknowledged_writes"] = acknowledged.Count,
                ["lost_writes"] = lost,
                ["failed_attempts_retried"] = failedAttempts,
            });
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

    /// <summary>The M7 scenario's events, at fixed points of the write stream; each runs once, the writers keep going.</summary>
    private sealed class ChaosScript(WorkloadFixture fixture, ServiceHost service, int total)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private int _stage;

        public async Task OnAcknowledgedAsync(int acknowledged)
        {
            if (acknowledged < Threshold(_stage))
            {
                return;
            }

            await _gate.WaitAsync();
            try
            {
                while (_stage < 4 && acknowledged >= Threshold(_stage))
                {
                    switch (_stage++)
                    {
                        case 0:
                            await fixture.Server.StopAsync();
                            break;
                        case 1:
                            await service.CrashAndRestartAsync();
                            break;
                        case 2:
                            await fixture.Server.StartAgainAsync();
                            break;
                        case 3:
                            await service.Failover.ForceReturn("benchmark: M7 recovery under load");
                            break;
                    }
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>Whatever the stream did not reach (it is short), then the return, waited for.</summary>
        public async Task FinishAsync()
        {
            await OnAcknowledgedAsync(int.MaxValue);
            while (true)
            {
                var mode = await service.Failover.GetMode();
                if (!mode.FailoverActive)
                {
                    return;
                }

                if (mode.Circuit == CircuitState.Open)
                {
                    await service.Failover.ForceReturn("benchmark: M7 recovery");
                }

                await Task.Delay(PollInterval);
            }
        }

        private int Threshold(int stage) => stage switch
        {
            0 => total / 4,
            1 => total / 2,
            2 => total * 3 / 4,
            3 => total * 3 / 4 + 500,
            _ => int.MaxValue,
        };
    }
}
