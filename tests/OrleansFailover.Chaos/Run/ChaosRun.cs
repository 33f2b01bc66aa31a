using System.Diagnostics;
using OrleansFailover.Chaos.Cluster;
using OrleansFailover.Chaos.History;
using OrleansFailover.Contracts;
using OrleansFailover.VectorStores.Qdrant;

namespace OrleansFailover.Chaos.Run;

/// <summary>
/// One seed of the history checker: a collection of its own is created and loaded through the service; writers write
/// through every phase while the seed's schedule of faults plays; then the service recovers (the circuit closed), and
/// the final state is read from Qdrant directly, not through the service, and checked against the history.
/// </summary>
public static class ChaosRun
{
    public static async Task<ChaosResult> RunAsync(SiloProcessCluster cluster, int seed, ChaosSettings settings, Action<string> log)
    {
        var started = Stopwatch.StartNew();
        var schedule = ChaosSchedule.For(seed, settings.Episodes);
        log(schedule.ToString());
        var collection = $"chaos-{seed}-{Guid.NewGuid():N}"[..24];
        var initial = await LoadAsync(cluster, collection, settings);

        var history = new HistoryRecorder();
        var driver = default(FaultDriver);
        await using (var writers = new ChaosWriters(cluster, collection, settings, history, seed))
        {
            await writers.StartAsync();
            driver = new FaultDriver(cluster, collection, writers, settings, new Random(seed), log);
            try
            {
                foreach (var episode in schedule.Episodes)
                {
                    await driver.RunAsync(episode);
                }

                // The writers go on through the final recovery too: sync-back, seal, fresh generation, close.
                await driver.RecoverAsync();
                await writers.ProgressAsync(settings.OperationsPerStep / 2);
            }
            finally
            {
                await writers.StopAsync();
            }
        }

        await driver.RecoverAsync();
        var final = await ReadQdrantAsync(cluster, collection);
        var journal = await cluster.Status.GetJournal(collection);
        var report = HistoryChecker.Check(history.Snapshot(), initial, final);
        return new ChaosResult(schedule, report, journal.PendingRecords, driver.Outages, driver.TargetedKills, driver.TimesToClose, started.Elapsed);
    }

    /// <summary>Creates the collection through the service, loads every point once and takes a first generation.</summary>
    private static async Task<IReadOnlyDictionary<ulong, long?>> LoadAsync(SiloProcessCluster cluster, string collection, ChaosSettings settings)
    {
        await cluster.Router.EnsureCollection(collection, ChaosWriters.Schema);
        var initial = new Dictionary<ulong, long?>();
        var points = new List<VectorPoint>();
        for (var id = 0UL; id < (ulong)settings.Points; id++)
        {
            initial[id] = (long)id + 1;
            points.Add(ChaosWriters.Point(id, (long)id + 1));
        }

        await cluster.Router.Upsert(collection, points);
        var sync = await cluster.Control.SyncNow(collection);
        return sync.Outcome == Contracts.Service.SyncOutcome.Completed
            ? initial
            : throw new InvalidOperationException($"The first sync of '{collection}' did not complete: {sync.Reason}");
    }

    /// <summary>The collection as Qdrant holds it, asked directly (QdrantClient over gRPC), not through the service.</summary>
    private static async Task<IReadOnlyDictionary<ulong, long?>> ReadQdrantAsync(SiloProcessCluster cluster, string collection)
    {
        using var qdrant = new QdrantVectorStore(new QdrantStoreOptions { Endpoint = cluster.Primary.Endpoint });
        var final = new Dictionary<ulong, long?>();
        PointId? offset = null;
        do
        {
            var page = await qdrant.ScrollAsync(collection, new ScrollRequest { Offset = offset, Limit = 256, WithPayload = true });
            foreach (var point in page.Points)
            {
                final[point.Id.Number] = ChaosWriters.TokenOf(point);
            }

            offset = page.NextOffset;
        }
        while (offset is not null);

        return final;
    }
}
