using System.CommandLine;
using Orleans.Runtime;
using OrleansFailover.Client.Connection;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Security;

namespace OrleansFailover.Client.Commands;

/// <summary>
/// Runs a command against the silo: connects, runs, and turns every failure into a clear message and an exit
/// code scripts can trust (1: the work failed, 2: usage, 3: the silo could not be reached, 4: the silo refused the call).
/// </summary>
internal static class SiloCommand
{
    public static void SetAction(Command command, GlobalOptions global, TextWriter output, TextWriter error, Func<CommandContext, Task<int>> action) =>
        command.SetAction(async (parsed, cancellation) =>
        {
            try
            {
                await using var connection = await SiloConnection.OpenAsync(ConnectionSettings.From(parsed, global), cancellation);
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
                await error.WriteLineAsync($"error: the silo went away during the command ({Redacted.Redis(exception.Message)})");
                return ExitCodes.SiloUnreachable;
            }
            catch (AccessDeniedException exception)
            {
                await error.WriteLineAsync($"error: {exception.Message}{Advice(exception.Denial)}");
                return ExitCodes.AccessDenied;
            }
            catch (VectorStoreException exception)
            {
                await error.WriteLineAsync($"error: {exception.Message}");
                return ExitCodes.Failure;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await error.WriteLineAsync($"error: {exception.GetType().Name}: {Redacted.Redis(exception.Message)}");
                return ExitCodes.Failure;
            }
        });

    private static string Advice(AccessDenial denial) => denial == AccessDenial.Unauthenticated
        ? " (pass the service's key with --api-key KEY or ORLEANSFAILOVER_API_KEY)"
        : string.Empty;
}
