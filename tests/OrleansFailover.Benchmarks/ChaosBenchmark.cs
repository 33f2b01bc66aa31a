using System.Diagnostics;
using OrleansFailover.Chaos.Cluster;
using OrleansFailover.Chaos.Run;

namespace OrleansFailover.Benchmarks;

/// <summary>
/// M7 and M9 from the history checker (DATA-SAFETY.md): many seeds of randomized faults against two silo processes on
/// Redis and the Qdrant test server, four writers through Orleans clients of their own, every outcome checked in
/// Qdrant itself. M7 counts acknowledged operations lost or invisible (lost, resurrected or phantom values, reads that
/// missed an acknowledged write, journal writes left unreplayed) over all seeds; M9, the calls that failed to the
/// writers per outage. A failing seed is printed with its schedule; it replays with <c>--first-seed N --seeds 1</c>.
/// </summary>
internal static class ChaosBenchmark
{
    /// <summary>A cluster serves this many seeds, then a fresh one starts (every seed leaves a collection behind).</summary>
    private const int SeedsPerCluster = 10;

    public static async Task<IReadOnlyList<Figure>> RunAsync(int firstSeed, int seeds)
    {
        var settings = new ChaosSettings();
        var results = new List<ChaosResult>();
        var started = Stopwatch.StartNew();
        for (var batch = firstSeed; batch < firstSeed + seeds; batch += SeedsPerCluster)
        {
            await using var cluster = await SiloProcessCluster.StartAsync(silos: 2, settings: ChaosSettings.SiloSettings);
            for (var seed = batch; seed < Math.Min(batch + SeedsPerCluster, firstSeed + seeds); seed++)
            {
                var result = await ChaosRun.RunAsync(cluster, seed, settings, _ => { });
                results.Add(result);
                var report = result.Report;
                Console.WriteLine(
                    $"seed {seed}: {(result.Passed ? "passed" : "FAILED")}: {report.Operations.Total} operations, {report.ViolationCount} violation(s), " +
                    $"{result.PendingJournalWrites} journal write(s) pending, {result.FailedCalls} failed call(s), {result.Outages} outage(s), " +
                    $"closes in {string.Join("/", result.TimesToClose.Select(t => $"{t.TotalSeconds:F1}"))} s, {result.Duration.TotalSeconds:F0} s");
                if (!result.Passed)
                {
                    Console.WriteLine(result);
                }
            }
        }

        var operations = results.Sum(r => r.Report.Operations.Total);
        var acknowledged = results.Sum(r => r.Report.Operations.Total - r.Report.Operations.Failed);
        var lost = results.Sum(r => r.Report.Lost.Count + r.Report.Resurrected.Count + r.Report.Phantoms.Count);
        var invisible = results.Sum(r => r.Report.InvisibleReads.Count);
        var pending = results.Sum(r => r.PendingJournalWrites);
        var episodes = results.Sum(r => r.Schedule.Episodes.Count);
        var outages = results.Sum(r => r.Outages);
        var failedCalls = results.Sum(r => r.FailedCalls);
        var closes = results.SelectMany(r => r.TimesToClose).Select(t => t.TotalMilliseconds).Order().ToArray();
        var failedSeeds = results.Where(r => !r.Passed).Select(r => r.Schedule.Seed).ToArray();
        var common = new Dictionary<string, object>
        {
            ["seeds"] = results.Count,
            ["first_seed"] = firstSeed,
            ["operations"] = operations,
            ["acknowledged"] = acknowledged,
            ["fault_episodes"] = episodes,
            ["outages"] = outages,
            ["targeted_kills"] = results.Sum(r => r.TargetedKills),
            ["failed_seeds"] = failedSeeds.Length == 0 ? "none" : string.Join(" ", failedSeeds),
            ["minutes"] = Math.Round(started.Elapsed.TotalMinutes, 1),
        };

        var m7 = new Figure(
            "M7", "chaos",
            $"acknowledged operations lost or invisible over {results.Count} seeds: {lost} lost/resurrected/phantom, {invisible} invisible reads, " +
            $"{pending} journal writes unreplayed ({operations:N0} operations, {acknowledged:N0} acknowledged, {episodes} fault episodes); a count, not ms",
            new Sample([lost + invisible + pending]), 0, "none (goal: 0 over >= 100 seeds)", null,
            new Dictionary<string, object>(common) { ["lost"] = lost, ["invisible_reads"] = invisible, ["unreplayed_journal_writes"] = pending });
        var m9 = new Figure(
            "M9", "chaos",
            $"calls failed to clients per outage: {failedCalls:N0} failed calls over {outages} outages; a count, not ms",
            new Sample([outages == 0 ? 0 : (double)failedCalls / outages]), null, "none (reported; goal 0)", null,
            new Dictionary<string, object>(common)
            {
                ["failed_calls"] = failedCalls,
                ["time_to_close_median_ms"] = closes.Length == 0 ? 0 : Math.Round(closes[closes.Length / 2]),
                ["time_to_close_max_ms"] = closes.Length == 0 ? 0 : Math.Round(closes[^1]),
            });
        return [m7, m9];
    }
}
