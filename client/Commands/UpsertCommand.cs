using System.CommandLine;
using OrleansFailover.Client.Input;
using OrleansFailover.Client.Output;
using OrleansFailover.Contracts.Grains;

namespace OrleansFailover.Client.Commands;

/// <summary><c>upsert COLLECTION --file points.jsonl</c>: checks every line first, then sends them in batches.</summary>
internal static class UpsertCommand
{
    public static Command Create(GlobalOptions global, TextWriter output, TextWriter error)
    {
        var collection = new Argument<string>("collection") { Description = "The collection to write to." };
        var file = new Option<string>("--file") { Description = "JSON Lines, one point per line, laid out as in a backup file.", Required = true };
        var batch = new Option<int>("--batch") { Description = "Points per call (default 256).", DefaultValueFactory = _ => 256 };
        var command = new Command("upsert", "Insert or replace points from a file.") { collection, file, batch };
        SiloCommand.SetAction(command, global, output, error, async context =>
        {
            var name = context.Parsed.GetValue(collection)!;
            var size = Math.Clamp(context.Parsed.GetValue(batch), 1, 10_000);
            var points = new PointFile(context.Parsed.GetValue(file)!);
            points.Check();
            var router = context.Client.GetGrain<IVectorRouterGrain>(0);
            var progress = new ProgressDisplay(context.Error, $"upserting into {name}", points.Count);
            long sent = 0;
            foreach (var chunk in points.Batches(size))
            {
                await router.Upsert(name, chunk);
                sent += chunk.Count;
                progress.Report(sent);
            }

            progress.Done($"upserted {Format.Count(sent)} point(s) into '{name}'");
            if (context.Json)
            {
                await context.Output.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(new { collection = name, upserted = sent }, ClientJson.Options));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
