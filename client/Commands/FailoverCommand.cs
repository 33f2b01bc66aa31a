using System.CommandLine;
using System.Text.Json;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Client.Commands;

/// <summary><c>failover force|return [--reason TEXT]</c>: the operator's override of the circuit.</summary>
internal static class FailoverCommand
{
    public static Command Create(GlobalOptions global, TextWriter output, TextWriter error)
    {
        var reason = new Option<string>("--reason")
        {
            Description = "Why, for the log and status.",
            DefaultValueFactory = _ => $"by {Environment.UserName} from the command line",
            Recursive = true,
        };
        var force = new Command("force", "Send traffic to the backup now, whatever Qdrant's health, until 'failover return'.");
        var back = new Command("return", "Send traffic back to Qdrant now and reset the circuit.");
        SetAction(force, global, output, error, reason, (grain, why) => grain.ForceFailover(why));
        SetAction(back, global, output, error, reason, (grain, why) => grain.ForceReturn(why));
        return new Command("failover", "Force failover, or force the return to Qdrant.") { reason, force, back };
    }

    private static void SetAction(
        Command command, GlobalOptions global, TextWriter output, TextWriter error, Option<string> reason,
        Func<IFailoverGrain, string, Task<ServiceMode>> act) =>
        SiloCommand.SetAction(command, global, output, error, async context =>
        {
            var mode = await act(context.Client.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey), context.Parsed.GetValue(reason)!);
            await context.Output.WriteLineAsync(context.Json
                ? JsonSerializer.Serialize(new
                {
                    circuit_state = mode.Circuit.ToString(),
                    failover_active = mode.FailoverActive,
                    failover_since = mode.FailoverSince,
                }, ClientJson.Options)
                : $"Circuit {mode.Circuit.ToString().ToUpperInvariant()}; traffic goes to {(mode.FailoverActive ? "the backup" : "Qdrant")}.");
            return ExitCodes.Success;
        });
}
