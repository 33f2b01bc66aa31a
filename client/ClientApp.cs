using System.CommandLine;
using OrleansFailover.Client.Commands;

namespace OrleansFailover.Client;

/// <summary>The command-line client: parses the command line, runs the command, returns the exit code.</summary>
public static class ClientApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var global = new GlobalOptions();
        var root = new RootCommand("OrleansFailover client: inspect and operate the Qdrant failover service.")
        {
            global.Gateway,
            global.Redis,
            global.ApiKey,
            global.TlsCa,
            global.TlsThumbprint,
            global.TlsCertificate,
            global.Json,
            StatusCommand.Create(global, output, error),
            CollectionsCommand.Create(global, output, error),
            CreateCommand.Create(global, output, error),
            SyncCommand.Create(global, output, error),
            UpsertCommand.Create(global, output, error),
            SearchCommand.Create(global, output, error),
            FailoverCommand.Create(global, output, error),
            SyncBackCommand.Create(global, output, error),
            JournalCommand.Create(global, output, error),
            ValidateCommand.Create(global, output),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}");
            }

            await error.WriteLineAsync("Run with --help for usage.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
