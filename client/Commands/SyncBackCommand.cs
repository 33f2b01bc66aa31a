using System.CommandLine;
using System.Text.Json;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;

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
                var report = await context.Client.GetGrain<ICollectionBackupGrain>(name).ReplayJournal();
                await context.Output.WriteLineAsync(context.Json
                    ? JsonSerializer.Serialize(SyncBackJson.Of(report), ClientJson.Options)
                    : $"{name}: {report.Summary}");
                return ExitCodes.Success;
            }

            var failover = context.Client.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);
            var mode = await failover.ForceReturn($"sync-back by {Environment.UserName} from the command line");
            var status = mode.FailoverActive
                ? await SyncBackWait.UntilDoneAsync(failover, context.Error, FailoverCommand.SyncBackLimit, CancellationToken.None)
                : await failover.GetStatus();
            if (context.Json)
            {
                await context.Output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    failover_active = status.FailoverActive,
                    circuit_state = status.Circuit.ToString(),
                    sync_back = status.Collections.Where(c => c.SyncBack is not null).Select(c => SyncBackJson.Of(c.SyncBack!)),
                    reason = status.LastTransitionReason,
                }, ClientJson.Options));
            }
            else
            {
                foreach (var line in SyncBackWait.Describe(status))
                {
                    await context.Output.WriteLineAsync(line);
                }

                await context.Output.WriteLineAsync(status.FailoverActive
                    ? $"Sync-back did not complete: {status.LastTransitionReason}. Traffic stays on the backup."
                    : "Every journal is in Qdrant; traffic goes to Qdrant.");
            }

            return status.FailoverActive ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }
}
