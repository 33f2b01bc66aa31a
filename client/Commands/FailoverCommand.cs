using System.CommandLine;
using System.Text.Json;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Client.Commands;

/// <summary>
/// <c>failover force|return [--reason TEXT] [--no-wait]</c>: the operator's override of the circuit. A return replays
/// the failover journals into Qdrant first (sync-back) and waits for it, unless told not to.
/// </summary>
internal static class FailoverCommand
{
    public static readonly TimeSpan SyncBackLimit = TimeSpan.FromMinutes(30);

    public static Command Create(GlobalOptions global, TextWriter output, TextWriter error)
    {
        var reason = new Option<string>("--reason")
        {
            Description = "Why, for the log and status.",
            DefaultValueFactory = _ => $"by {Environment.UserName} from the command line",
            Recursive = true,
        };
        var noWait = new Option<bool>("--no-wait") { Description = "Start the return and exit; follow it with 'status'." };
        var force = new Command("force", "Send traffic to the backup now, whatever Qdrant's health, until 'failover return'.");
        var back = new Command("return", "Replay the writes made during failover into Qdrant, then send traffic back to it.") { noWait };
        SiloCommand.SetAction(force, global, output, error, async context =>
        {
            var mode = await Failover(context).ForceFailover(context.Parsed.GetValue(reason)!);
            await WriteModeAsync(context, mode, null);
            return ExitCodes.Success;
        });
        SiloCommand.SetAction(back, global, output, error, context =>
            ReturnAsync(context, context.Parsed.GetValue(reason)!, wait: !context.Parsed.GetValue(noWait)));
        return new Command("failover", "Force failover, or return to Qdrant (after sync-back).") { reason, force, back };
    }

    /// <summary>The operator's return: sync-back starts now; unless told not to wait, follows it to its end.</summary>
    public static async Task<int> ReturnAsync(CommandContext context, string reason, bool wait)
    {
        var failover = Failover(context);
        var mode = await failover.ForceReturn(reason);
        if (!mode.FailoverActive || !wait)
        {
            await WriteModeAsync(context, mode, null);
            return ExitCodes.Success;
        }

        var status = await SyncBackWait.UntilDoneAsync(context.Client.GetGrain<IServiceStatusGrain>(0), context.Error, SyncBackLimit, CancellationToken.None);
        await WriteModeAsync(context, await failover.GetMode(), status);
        return status.FailoverActive ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static IServiceControlGrain Failover(CommandContext context) => context.Client.GetGrain<IServiceControlGrain>(0);

    private static async Task WriteModeAsync(CommandContext context, ServiceMode mode, FailoverStatus? syncBack)
    {
        if (context.Json)
        {
            await context.Output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                circuit_state = mode.Circuit.ToString(),
                failover_active = mode.FailoverActive,
                failover_since = mode.FailoverSince,
                sync_back = syncBack?.Collections.Where(c => c.SyncBack is not null).Select(c => SyncBackJson.Of(c.SyncBack!)),
                reason = syncBack?.LastTransitionReason,
            }, ClientJson.Options));
            return;
        }

        if (syncBack is not null)
        {
            foreach (var line in SyncBackWait.Describe(syncBack))
            {
                await context.Output.WriteLineAsync(line);
            }

            if (mode.FailoverActive)
            {
                await context.Output.WriteLineAsync($"Sync-back failed: {syncBack.LastTransitionReason}.");
            }
        }

        var where = mode.FailoverActive
            ? mode.Circuit == CircuitState.HalfOpen ? "the backup while the journals are replayed (sync-back)" : "the backup"
            : "Qdrant";
        await context.Output.WriteLineAsync($"Circuit {mode.Circuit.ToString().ToUpperInvariant()}; traffic goes to {where}.");
    }
}
