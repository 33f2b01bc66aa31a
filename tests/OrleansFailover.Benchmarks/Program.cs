using OrleansFailover.Benchmarks;
using OrleansFailover.Testing;

// dotnet run -c Release --project tests/OrleansFailover.Benchmarks -- [--workloads W1,W2] [--runs 5] [--out results.json]
var workloads = new List<Workload>();
var runs = 5;
string? output = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--workloads" or "--workload" when i + 1 < args.Length:
            foreach (var name in args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                workloads.Add(name.ToUpperInvariant() switch
                {
                    "W1" => Workload.W1,
                    "W2" => Workload.W2,
                    "W3" => Workload.W3,
                    _ => throw new ArgumentException($"Unknown workload '{name}'; use W1, W2 or W3."),
                });
            }

            break;
        case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], out var parsed) && parsed >= 5:
            runs = parsed;
            i++;
            break;
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        default:
            Console.Error.WriteLine($"Unknown or malformed argument '{args[i]}'. Usage: [--workloads W1,W2,W3] [--runs N>=5] [--out FILE]");
            return 2;
    }
}

if (workloads.Count == 0)
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
        var benchmarks = new BackupBenchmarks(fixture, runs);
        figures.Add(await benchmarks.FullSyncAsync());
        figures.Add(await benchmarks.WriteSideAsync());
        figures.Add(benchmarks.Validation());
        figures.Add(await benchmarks.RestoreAsync());
        figures.Add(await benchmarks.SearchAsync());
        Console.WriteLine(Report.Table(figures.Where(f => f.Workload == workload.Name)));
    }
}
finally
{
    Directory.Delete(scratch, recursive: true);
}

Console.WriteLine(Report.Table(figures));
if (output is not null)
{
    Report.WriteJson(output, machine, figures);
    Console.WriteLine($"Wrote {output}");
}

return 0;
