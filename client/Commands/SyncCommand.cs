using System.CommandLine;
using System.Text.Json;
using OrleansFailover.Client.Output;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Client.Commands;

/// <summary><c>sync [COLLECTION]</c>: backs up one collection, or every known one, now; fails unless every sync completed.</summary>
internal static class SyncCommand
{
    public static Command Create(GlobalOptions global, TextWriter output, TextWriter error)
    {
        var collection = new Argument<string?>("collection") { Description = "The collection (default: every known one).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("sync", "Back up collections to a new generation now.") { collection };
        SiloCommand.SetAction(command, global, output, error, async context =>
        {
            var name = context.Parsed.GetValue(collection);
            IReadOnlyList<string> names = name is not null
                ? [name]
                : await context.Client.GetGrain<IServiceStatusGrain>(0).GetCollections();
            var progress = new ProgressDisplay(context.Error, "syncing", names.Count);
            var reports = new List<SyncReport>();
            foreach (var (each, index) in names.Select((n, i) => (n, i)))
            {
                progress.Report(index, each);
                reports.Add(await context.Client.GetGrain<IServiceControlGrain>(0).SyncNow(each));
            }

            progress.Done($"synced {reports.Count(r => r.Outcome == SyncOutcome.Completed)} of {names.Count} collection(s)");
            if (context.Json)
            {
                await context.Output.WriteLineAsync(JsonSerializer.Serialize(reports.Select(r => new
                {
                    collection = r.Collection,
                    outcome = r.Outcome.ToString(),
                    generation = r.Generation,
                    points = r.Points,
                    bytes = r.Bytes,
                    checksum = r.Checksum,
                    duration_ms = r.Duration.TotalMilliseconds,
                    reason = r.Reason,
                }), ClientJson.Options));
            }
            else
            {
                foreach (var report in reports)
                {
                    await context.Output.WriteLineAsync(report.Outcome switch
                    {
                        SyncOutcome.Completed =>
                            $"{report.Collection}: generation {report.Generation}, {Format.Count(report.Points)} points, {Format.Bytes(report.Bytes)} in {Format.Duration(report.Duration)}",
                        SyncOutcome.Skipped => $"{report.Collection}: SKIPPED: {report.Reason}",
                        _ => $"{report.Collection}: FAILED: {report.Reason}",
                    });
                }
            }

            return reports.All(r => r.Outcome == SyncOutcome.Completed) ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }
}
