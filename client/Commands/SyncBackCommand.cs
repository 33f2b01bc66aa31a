using System.CommandLine;
using System.Text.Json;
using OrleansFailover.Contracts.Grains;

namespace OrleansFailover.Client.Commands;

/// <summary>
/// <c>sync-back [COLLECTION]</c>: without a collection, the whole return (every journal replayed into Qdrant, then
/// traffic goes back), waited for; with one, that collection's pending journal is replayed into Qdrant now while
/// failover goes on (Qdrant must be reachable).
/// </summary>
internal static class SyncBackCommand
{
    public static Command Create(GlobalOptions global, TextWriter output, TextWriter error)
    {
        var collection = new Argument<string?>("collection") { Description = "Replay only this collection's journal, without ending failover.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("sync-back", "Replay the writes made during failover into Qdrant.") { collection };
        SiloCommand.SetAction(command, global, output, error, async context =>
        {
            var name = context.Parsed.GetValue(collection);
            if (name is not null)
            {
                var report = await context.Client.GetGrain<IServiceControlGrain>(0).ReplayJournal(name);
                await context.Output.WriteLineAsync(context.Json
                    ? JsonSerializer.Serialize(SyncBackJson.Of(report), ClientJson.Options)
                    : $"{name}: {report.Summary}");
                return ExitCodes.Success;
            }

            return await FailoverCommand.ReturnAsync(context, $"sync-back by {Environment.UserName} from the command line", wait: true);
        });
        return command;
    }
}
