using OrleansFailover.Benchmarks;
using OrleansFailover.Testing;

// dotnet run -c Release --project tests/OrleansFailover.Benchmarks -- [--workloads W1,W2] [--runs 5] [--only backup,service] [--out results.json]
// dotnet run -c Release --project tests/OrleansFailover.Benchmarks -- --workload chaos [--seeds 100] [--first-seed 1] [--out chaos.json]
var workloads = new List<Workload>();
var chaos = false;
var seeds = 100;
var firstSeed = 1;
var runs = 5;
string? output = null;
var groups = new HashSet<string>(["backup", "service"], StringComparer.OrdinalIgnoreCase);
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--workloads" or "--workload" when i + 1 < args.Length:
            foreach (var name in args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (name.Equals("chaos", StringComparison.OrdinalIgnoreCase))
                {
                    chaos = true;
                    continue;
                }

                workloads.Add(name.ToUpperInvariant() switch
                {
                    "W1" => Workload.W1,
                    "W2" => Workload.W2,
                    "W3" => Workload.W3,
                    _ => throw new ArgumentException($"Unknown workload '{name}'; use W1, W2, W3 or chaos."),
                });
            }

            break;
        case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], out var parsed) && parsed >= 5:
            runs = parsed;
            i++;
            break;
        case "--seeds" when i + 1 < args.Length && int.TryParse(args[i + 1], out var count) && count >= 1:
            seeds = count;
            i++;
            break;
        case "--first-seed" when i + 1 < args.Length && int.TryParse(args[i + 1], out var first):
            firstSeed = first;
            i++;
            break;
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        case "--only" when i + 1 < args.Length:
            groups = new HashSet<string>(args[++i].Split(','), StringComparer.OrdinalIgnoreCase);
            break;
        default:
            Console.Error.WriteLine(
                $"Unknown or malformed argument '{args[i]}'. Usage: [--workloads W1,W2,W3,chaos] [--runs N>=5] [--only backup,service] [--seeds N] [--first-seed N] [--out FILE]");
            return 2;
    }
}

if (workloads.Count == 0 && !chaos)
{
    workloads.Add(Workload.W1);
}

#if DEBUG
Console.Error.WriteLine("warning: a Debug build; figures are only meaningful from -c Release.");
#endif

var machine = MachineInfo.Read();
Console.WriteLine($"Machine: {machine.Cpu}, {machine.Cores} cores, {machine.MemoryBytes / (1L << 30)} GiB, {machine.Runtime}");
var figures = new List<Figure>();
var scratch = Path.Combine(Path.GetTempPath(), $"orleans-failover-bench-{Guid.NewGuid():N}");
Directory.CreateDirectory(scratch);
try
{
    foreach (var workload in workloads)
    {
        Console.WriteLine($"Loading {workload.Name}: {workload.PointCount:N0} points of {workload.Dimensions} dimensions into the Qdrant test server...");
        await using var fixture = await WorkloadFixture.CreateAsync(workload, scratch);
        if (groups.Contains("backup"))
        {
            var benchmarks = new BackupBenchmarks(fixture, runs);
            figures.Add(await benchmarks.FullSyncAsync());
            figures.Add(await benchmarks.WriteSideAsync());
            figures.Add(benchmarks.Validation());
            figures.Add(await benchmarks.RestoreAsync());
            figures.Add(await benchmarks.SearchAsync());
        }

        if (workload.Name == "W1" && groups.Contains("service"))
        {
            Console.WriteLine("Starting the silo and an Orleans client for M4, M5 (client), M6 and M8...");
            await using var service = await ServiceHost.StartAsync(fixture.Server.Endpoint, Path.Combine(scratch, "service"));
            var serviceBenchmarks = new ServiceBenchmarks(fixture, service, runs);
            await serviceBenchmarks.PrepareAsync();
            figures.Add(await serviceBenchmarks.TimeToRecoverAsync());
            figures.Add(await serviceBenchmarks.SearchThroughClientAsync());
            figures.Add(await serviceBenchmarks.UpsertThroughputAsync());
            var zeroDataLoss = new ZeroDataLossBenchmarks(fixture, service, runs);
            figures.Add(await zeroDataLoss.ReplayAsync());
        }

        Console.WriteLine(Report.Table(figures.Where(f => f.Workload == workload.Name)));
    }

    if (chaos)
    {
        Console.WriteLine($"History checker: {seeds} seed(s) from {firstSeed}, two silo processes on Redis, four writers...");
        figures.AddRange(await ChaosBenchmark.RunAsync(firstSeed, seeds));
    }
}
catch
{
    // Kept for the post-mortem: the silo's log is in service/silo.log.
    Console.Error.WriteLine($"The benchmark failed; its files (the silo's log included) are kept in {scratch}.");
    throw;
}

Directory.Delete(scratch, recursive: true);

Console.WriteLine(Report.Table(figures));
if (output is not null)
{
    Report.WriteJson(output, machine, figures);
    Console.WriteLine($"Wrote {output}");
}

return 0;
