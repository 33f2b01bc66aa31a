using System.CommandLine;
using Orleans.Runtime;
using OrleansFailover.Client.Connection;
using OrleansFailover.Contracts;

namespace OrleansFailover.Client.Commands;

/// <summary>
/// Runs a command against the silo: connects, runs, and turns every failure into a clear message and an exit
/// code scripts can trust (1: the work failed, 2: usage, 3: the silo could not be reached).
/// </summary>
internal static class SiloCommand
{
    public static void SetAction(Command command, GlobalOptions global, TextWriter output, TextWriter error, Func<CommandContext, Task<int>> action) =>
        command.SetAction(async (parsed, cancellation) =>
        {
            try
            {
                await using var connection = await SiloConnection.OpenAsync(
                    parsed.GetValue(global.Gateway)!, parsed.GetValue(global.Redis), parsed.GetValue(global.TlsCertificate), cancellation);
                return await action(new CommandContext(connection.Client, parsed, parsed.GetValue(global.Json), output, error, cancellation));
            }
            catch (UsageException exception)
            {
                await error.WriteLineAsync($"error: {exception.Message}");
                return ExitCodes.Usage;
            }
            catch (SiloUnreachableException exception)
            {
                await error.WriteLineAsync($"error: {exception.Message}");
                return ExitCodes.SiloUnreachable;
            }
            catch (Exception exception) when (exception is SiloUnavailableException or Orleans.Runtime.Messaging.ConnectionFailedException or OrleansMessageRejectionException)
            {
                await error.WriteLineAsync($"error: the silo went away during the command ({exception.Message})");
                return ExitCodes.SiloUnreachable;
            }
            catch (VectorStoreException exception)
            {
                await error.WriteLineAsync($"error: {exception.Message}");
                return ExitCodes.Failure;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await error.WriteLineAsync($"error: {exception.GetType().Name}: {exception.Message}");
                return ExitCodes.Failure;
            }
        });
}
