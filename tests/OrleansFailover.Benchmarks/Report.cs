using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrleansFailover.Benchmarks;

/// <summary>Prints the figures as a table and writes them as JSON keyed by figure id.</summary>
internal static class Report
{
    public static string Table(IEnumerable<Figure> figures)
    {
        var text = new StringBuilder();
        text.AppendLine("| id | workload | figure | median ms | min ms | max ms | runs | goal ms | baseline median ms | ratio |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var f in figures)
        {
            var goal = f.GoalMs is { } g ? $"{F(g)} {(f.MeetsGoal == true ? "met" : "MISSED")}" : "-";
            var baseline = f.Baseline is null ? "-" : F(f.Baseline.Median);
            var ratio = f.Ratio is { } r ? F(r) : "-";
            var extra = f.Extra is null ? "" : " (" + string.Join(", ", f.Extra.Select(e => $"{e.Key} {e.Value}")) + ")";
            text.AppendLine($"| {f.Id} | {f.Workload} | {f.Description}{extra} | {F(f.Sample.Median)} | {F(f.Sample.Min)} | {F(f.Sample.Max)} | {f.Sample.Runs} | {goal} | {baseline} | {ratio} |");
        }

        return text.ToString();
    }

    public static void WriteJson(string path, MachineInfo machine, IEnumerable<Figure> figures)
    {
        var document = new Dictionary<string, object>
        {
            ["machine"] = new
            {
                cpu = machine.Cpu,
                cores = machine.Cores,
                memory_bytes = machine.MemoryBytes,
                os = machine.Os,
                runtime = machine.Runtime,
                commit = machine.Commit,
                measured_at = DateTimeOffset.UtcNow,
            },
        };

        foreach (var f in figures)
        {
            document[f.Key] = new
            {
                workload = f.Workload,
                description = f.Description,
                median_ms = Round(f.Sample.Median),
                min_ms = Round(f.Sample.Min),
                max_ms = Round(f.Sample.Max),
                runs = f.Sample.Runs,
                warmups = f.Sample.Warmups,
                goal_ms = f.GoalMs,
                meets_goal = f.MeetsGoal,
                baseline = f.Baseline is null ? null : new
                {
                    description = f.BaselineDescription,
                    median_ms = Round(f.Baseline.Median),
                    min_ms = Round(f.Baseline.Min),
                    max_ms = Round(f.Baseline.Max),
                },
                ratio_to_baseline = f.Ratio is { } ratio ? Round(ratio) : (double?)null,
                extra = f.Extra,
            };
        }

        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static double Round(double value) => Math.Round(value, 3);

    private static string F(double value) => value.ToString(value < 10 ? "0.00" : "0", CultureInfo.InvariantCulture);
}
