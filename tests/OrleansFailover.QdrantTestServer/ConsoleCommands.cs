using System.Globalization;

namespace OrleansFailover.QdrantTestServer;

/// <summary>The standalone server's fault commands, typed on standard input.</summary>
internal sealed class ConsoleCommands(QdrantTestServer server)
{
    /// <summary>The reply to print, or null to quit.</summary>
    public async Task<string?> RunAsync(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (words)
        {
            case ["quit" or "exit"]:
                return null;
            case ["stop"]:
                await server.StopAsync();
                return $"stopped; {server.Storage.Collections.Count} collection(s) kept for 'start'";
            case ["start"]:
                return await StartAsync(empty: false);
            case ["start", "empty"]:
                return await StartAsync(empty: true);
            case ["unavailable", "on"]:
                server.Faults.Unavailable = true;
                return "every call now answers UNAVAILABLE";
            case ["unavailable", "off"]:
                server.Faults.Unavailable = false;
                return "calls are answered normally";
            case ["latency", var text] when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds):
                server.Faults.Latency = TimeSpan.FromMilliseconds(milliseconds);
                return $"latency {milliseconds} ms";
            case ["status"]:
                return $"{(server.IsRunning ? "serving" : "stopped")} on {server.Endpoint}; collections: " +
                       string.Join(", ", server.Storage.Collections.Values.Select(c => $"{c.Name} ({c.Count} points)"));
            case []:
                return string.Empty;
            default:
                return "commands: stop, start, start empty, unavailable on|off, latency MS, status, quit";
        }
    }

    private async Task<string> StartAsync(bool empty)
    {
        if (server.IsRunning)
        {
            return "already serving";
        }

        await server.StartAgainAsync(empty);
        return $"serving again on {server.Endpoint}{(empty ? " with no data" : string.Empty)}";
    }
}
