using System.Diagnostics;
using OrleansFailover.Contracts;
using OrleansFailover.Testing;

namespace OrleansFailover.Benchmarks;

/// <summary>
/// M4 (time to recover), M5 through an Orleans client, M6 (upsert throughput through the service): the silo as
/// deployed, an Orleans client, the Qdrant test server, all on this machine.
/// </summary>
internal sealed class ServiceBenchmarks(WorkloadFixture fixture, ServiceHost service, int runs)
{
    private const int QueriesPerRun = 200;
    private const int UpsertBatch = 100;
    private const int UpsertBatches = 30;

    public async Task PrepareAsync()
    {
        await service.Router.EnsureCollection(WorkloadFixture.Collection, fixture.Workload.Schema);
        var report = await service.Failover.SyncNow(WorkloadFixture.Collection);
        if (report.Outcome != OrleansFailover.Contracts.Service.SyncOutcome.Completed)
        {
            throw new InvalidOperationException($"The benchmark's sync did not complete: {report.Reason}");
        }
    }

    /// <summary>
    /// M4: an indexer searching in a loop; Qdrant stops; how long until a search is answered again (from the
    /// backup). Failed attempts in between are what the indexer sees while the circuit opens.
    /// </summary>
    public async Task<Figure> TimeToRecoverAsync()
    {
        var request = new SearchRequest { Query = VectorQuery.Dense(Workload.DenseName, fixture.Workload.QueryVector(1)), Limit = 10 };
        var failedAttempts = new List<double>();
        var recoveries = new List<double>();
        for (var run = -2; run < runs; run++)
        {
            if (!fixture.Server.IsRunning)
            {
                await fixture.Server.StartAgainAsync();
            }

            await service.Failover.ForceReturn("benchmark: next run");
            await WaitForRoutingAsync(toQdrant: true);

            await fixture.Server.StopAsync();
            var stopped = Stopwatch.GetTimestamp();
            var failures = 0;
            while (true)
            {
                try
                {
                    await service.Router.Search(WorkloadFixture.Collection, request);
                    break;
                }
                catch (VectorStoreException error) when (error.Kind == VectorStoreErrorKind.Unavailable)
                {
                    failures++;
                }
            }

            if (run >= 0)
            {
                recoveries.Add(Stopwatch.GetElapsedTime(stopped).TotalMilliseconds);
                failedAttempts.Add(failures);
            }
        }

        var sample = new Sample(recoveries) { Warmups = 2 };
        await RestorePrimaryAsync();
        return new Figure("M4", fixture.Workload.Name,
            "time to recover: Qdrant stopped -> first search answered from the backup, Orleans client searching in a loop",
            sample, service.ProbeInterval.TotalMilliseconds + 1000, "none (goal: probe interval + 1 s)", null,
            new Dictionary<string, object> { ["failed_searches_before_answer_median"] = new Sample(failedAttempts).Median });
    }

    /// <summary>M5 through a client: the collection served from the backup, searched through the gateway.</summary>
    public async Task<Figure> SearchThroughClientAsync()
    {
        await service.Failover.ForceFailover("benchmark: search on the backup");
        await WaitForRoutingAsync(toQdrant: false);
        var queries = Enumerable.Range(0, QueriesPerRun).Select(i => new SearchRequest
        {
            Query = VectorQuery.Dense(Workload.DenseName, fixture.Workload.QueryVector(i)),
            Limit = 10,
            WithPayload = true,
        }).ToArray();
        var p50s = new List<double>();
        var p99s = new List<double>();
        var sample = await Measurement.RunAsync(runs, async () =>
        {
            var latencies = new List<double>(QueriesPerRun);
            foreach (var query in queries)
            {
                var started = Stopwatch.GetTimestamp();
                await service.Router.Search(WorkloadFixture.Collection, query);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var run = new Sample(latencies);
            p50s.Add(run.Median);
            p99s.Add(run.Percentile(99));
        });

        await service.Failover.ForceReturn("benchmark: search done");
        await WaitForRoutingAsync(toQdrant: true);
        var p50 = new Sample(p50s[^runs..]) { Warmups = sample.Warmups };
        var p99 = new Sample(p99s[^runs..]);
        return new Figure("M5c", fixture.Workload.Name,
            $"search top-10 cosine on the backup through an Orleans client, p50 (p99 {p99.Median:0.00} ms, goal 15)",
            p50, fixture.Workload.Name == "W1" ? 4 : null, "none", null,
            new Dictionary<string, object> { ["p99_ms"] = Math.Round(p99.Median, 3), ["p99_goal_ms"] = 15 });
    }

    /// <summary>M6: upserts in batches of 100 through the service, against the same upserts straight to the same server.</summary>
    public async Task<Figure> UpsertThroughputAsync()
    {
        var batches = new Workload("upserts", UpsertBatch * UpsertBatches, fixture.Workload.Dimensions, seed: 77)
            .Batches(UpsertBatch).ToArray();
        var throughService = await Measurement.RunAsync(runs, async () =>
        {
            foreach (var batch in batches)
            {
                await service.Router.Upsert(WorkloadFixture.Collection, batch);
            }
        });
        var direct = await Measurement.RunAsync(runs, async () =>
        {
            foreach (var batch in batches)
            {
                await fixture.Primary.UpsertAsync(WorkloadFixture.Collection, batch);
            }
        });

        var points = batches.Sum(b => b.Count);
        var serviceRate = points / (throughService.Median / 1000);
        var directRate = points / (direct.Median / 1000);
        return new Figure("M6", fixture.Workload.Name,
            $"upsert {points} points in batches of {UpsertBatch} through the service (ratio = service / direct throughput, goal >= 0.8)",
            throughService, null, "the same upserts with Qdrant.Client straight to the same server", direct,
            new Dictionary<string, object>
            {
                ["service_points_per_second"] = Math.Round(serviceRate),
                ["direct_points_per_second"] = Math.Round(directRate),
                ["throughput_ratio"] = Math.Round(serviceRate / directRate, 3),
            });
    }

    private async Task RestorePrimaryAsync()
    {
        if (!fixture.Server.IsRunning)
        {
            await fixture.Server.StartAgainAsync();
        }

        await service.Failover.ForceReturn("benchmark: recovered");
        await WaitForRoutingAsync(toQdrant: true);
    }

    private Task WaitForRoutingAsync(bool toQdrant) => RoutingProbe.WaitAsync(fixture, service, toQdrant);
}
