using System.CommandLine;
using System.Text.Json;
using OrleansFailover.Client.Output;
using OrleansFailover.Contracts.Grains;

namespace OrleansFailover.Client.Commands;

/// <summary><c>journal COLLECTION</c>: the collection's journal of writes: size, oldest record, what sync-back has still to replay.</summary>
internal static class JournalCommand
{
    public static Command Create(GlobalOptions global, TextWriter output, TextWriter error)
    {
        var collection = new Argument<string>("collection") { Description = "The collection." };
        var command = new Command("journal", "Show a collection's journal of writes.") { collection };
        SiloCommand.SetAction(command, global, output, error, async context =>
        {
            var name = context.Parsed.GetValue(collection)!;
            var journal = await context.Client.GetGrain<IServiceStatusGrain>(0).GetJournal(name);
            if (context.Json)
            {
                await context.Output.WriteLineAsync(JsonSerializer.Serialize(SyncBackJson.Of(journal), ClientJson.Options));
            }
            else
            {
                await context.Output.WriteLineAsync($"Journal of {name}: {Format.Bytes(journal.SizeBytes)} in {journal.Segments} segment(s), {Format.Count(journal.Records)} record(s)");
                await context.Output.WriteLineAsync($"  oldest record:   {(journal.OldestRecordAt is { } oldest ? oldest.ToString("u") : "-")}");
                await context.Output.WriteLineAsync($"  pending replay:  {Format.Count(journal.PendingRecords)} write(s) accepted during failover, not yet in Qdrant");
                await context.Output.WriteLineAsync($"  replayed through sequence {journal.ReplayedThrough}; next sequence {journal.NextSequence}");
                if (journal.DroppedTornBytes > 0)
                {
                    await context.Output.WriteLineAsync($"  a torn last record ({journal.DroppedTornBytes} bytes) left by a crash was dropped; it was never acknowledged");
                }

                if (journal.Error is not null)
                {
                    await context.Output.WriteLineAsync($"  ERROR: {journal.Error}");
                }
            }

            return journal.Error is null ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }
}
