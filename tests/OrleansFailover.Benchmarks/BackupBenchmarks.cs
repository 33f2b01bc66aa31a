using System.Diagnostics;
using OrleansFailover.Backups.Restore;
using OrleansFailover.Backups.Storage;
using OrleansFailover.Backups.Sync;
using OrleansFailover.Backups.Validation;
using OrleansFailover.Contracts;
using OrleansFailover.Testing;
using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.Benchmarks;

/// <summary>M1 (full sync and its write side), M2 (validation), M3 (restore) and M5 (in-process search).</summary>
internal sealed class BackupBenchmarks(WorkloadFixture fixture, int runs)
{
    private const int QueriesPerRun = 200;

    private string? _lastBackup;
    private InMemoryVectorStore? _restored;

    public async Task<Figure> FullSyncAsync()
    {
        var folder = new BackupFolder(Path.Combine(fixture.Folder, "sync"));
        var sample = await Measurement.RunAsync(runs, async () =>
        {
            var result = await CollectionSnapshotter.SnapshotAsync(
                fixture.Primary, WorkloadFixture.Collection, folder, TimeProvider.System);
            _lastBackup = result.Generation.Path;
        });

        // One more sync, untimed, with the live heap sampled: it must stay near the page size, whatever the collection size.
        long peak;
        using (var heap = new HeapMonitor())
        {
            await CollectionSnapshotter.SnapshotAsync(fixture.Primary, WorkloadFixture.Collection, folder, TimeProvider.System);
            peak = heap.PeakAboveStart;
        }

        var size = new FileInfo(_lastBackup!).Length;
        var baseline = WriteBaseline(size);
        return new Figure("M1", fixture.Workload.Name,
            "full sync: scroll the primary over gRPC (pages of 256), write, fsync, rename",
            sample, fixture.Workload.Name == "W1" ? 400 : fixture.Workload.Name == "W2" ? 4000 : null,
            "sequential write + fsync of the same bytes", baseline,
            new Dictionary<string, object>
            {
                ["file_bytes"] = size,
                ["peak_heap_after_gc_above_start_mb"] = Math.Round(peak / 1048576.0, 1),
            });
    }

    public async Task<Figure> WriteSideAsync()
    {
        var folder = new BackupFolder(Path.Combine(fixture.Folder, "write"));
        var schema = fixture.Workload.Schema;
        string path = "";
        var sample = await Measurement.RunAsync(runs, () =>
        {
            using var pending = folder.Begin(WorkloadFixture.Collection, DateTimeOffset.UtcNow);
            pending.Writer.BeginCollection(WorkloadFixture.Collection, schema);
            foreach (var page in fixture.Points.Chunk(256))
            {
                pending.Writer.WritePoints(page);
            }

            pending.Writer.EndCollection();
            path = pending.Commit().Path;
            return Task.CompletedTask;
        });

        var baseline = WriteBaseline(new FileInfo(path).Length);
        return new Figure("M1w", fixture.Workload.Name, "write side alone: points in memory -> published backup",
            sample, null, "sequential write + fsync of the same bytes", baseline);
    }

    public Figure Validation()
    {
        BackupVerdict? verdict = null;
        var sample = Measurement.Run(runs, () => verdict = BackupValidator.ValidateFile(_lastBackup!));
        if (verdict is not { IsValid: true })
        {
            throw new InvalidOperationException("The benchmark's own backup did not validate: " + string.Join("; ", verdict?.Problems ?? []));
        }

        var baseline = Measurement.Run(runs, () => Baselines.ReadAndHash(_lastBackup!));
        return new Figure("M2", fixture.Workload.Name, "validation: checksum + structure + every point",
            sample, fixture.Workload.Name == "W1" ? 150 : null, "sequential read + SHA-256 of the file", baseline);
    }

    public async Task<Figure> RestoreAsync()
    {
        var query = fixture.Workload.QueryVector(0);
        var sample = await Measurement.RunAsync(runs, async () =>
        {
            var store = new InMemoryVectorStore();
            await BackupLoader.LoadAsync(_lastBackup!, store);
            var hits = await store.SearchAsync(WorkloadFixture.Collection, new SearchRequest
            {
                Query = VectorQuery.Dense(Workload.DenseName, query),
                Limit = 10,
            });
            if (hits.Count != 10)
            {
                throw new InvalidOperationException("The restored store did not answer the search.");
            }

            _restored = store;
        });

        var baseline = Measurement.Run(runs, () => Baselines.ReadAndHash(_lastBackup!));
        return new Figure("M3", fixture.Workload.Name, "restore: validated file -> in-memory store answering a search",
            sample, fixture.Workload.Name == "W1" ? 500 : null, "sequential read + SHA-256 of the file", baseline);
    }

    public async Task<Figure> SearchAsync()
    {
        var store = _restored ?? throw new InvalidOperationException("Run the restore first.");
        var queries = Enumerable.Range(0, QueriesPerRun).Select(fixture.Workload.QueryVector).ToArray();
        var p99s = new List<double>();
        var perRunP50 = new List<double>();
        var latencies = new List<double>(QueriesPerRun);
        var sample = await Measurement.RunAsync(runs, async () =>
        {
            latencies.Clear();
            foreach (var query in queries)
            {
                var started = Stopwatch.GetTimestamp();
                await store.SearchAsync(WorkloadFixture.Collection, new SearchRequest
                {
                    Query = VectorQuery.Dense(Workload.DenseName, query),
                    Limit = 10,
                    WithPayload = true,
                });
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var run = new Sample(latencies.ToArray());
            perRunP50.Add(run.Median);
            p99s.Add(run.Percentile(99));
        });

        // The runs' own p50s (the warm-ups' are dropped): the figure is their median.
        perRunP50.RemoveRange(0, perRunP50.Count - runs);
        p99s.RemoveRange(0, p99s.Count - runs);

        var chunks = fixture.Points.Chunk(1024)
            .Select(chunk => chunk.SelectMany(p => p.Dense[Workload.DenseName]).ToArray()).ToArray();
        var baseline = Measurement.Run(runs, () => Baselines.Scan(chunks, queries[0]));
        return new Figure("M5", fixture.Workload.Name, $"search top-10 cosine, in-process (p50 of {QueriesPerRun} queries per run)",
            new Sample(perRunP50) { Warmups = sample.Warmups }, fixture.Workload.Name == "W1" ? 2 : null,
            "one single-threaded SIMD dot product over every vector", baseline,
            new Dictionary<string, object> { ["p99_ms"] = Math.Round(new Sample(p99s).Median, 3) });
    }

    private Sample WriteBaseline(long bytes)
    {
        var path = Path.Combine(fixture.Folder, "baseline.bin");
        var sample = Measurement.Run(runs, () => Baselines.WriteAndFsync(path, bytes));
        File.Delete(path);
        return sample;
    }
}
