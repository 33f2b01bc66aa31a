using System.Globalization;
using System.Runtime.InteropServices;
using OrleansFailover.QdrantTestServer;

// Standalone: dotnet run --project tests/OrleansFailover.QdrantTestServer -- --port 6334
// Type commands on standard input to break it by hand (see Usage).
const string Usage = """
    Qdrant wire-compatible test server (gRPC on 127.0.0.1). Options: [--port 6334]
    Commands on standard input:
      stop               stop serving (connections drop; the data is kept, like a Qdrant with a disk)
      start              serve again on the same port, with the data
      start empty        serve again with no data (like a Qdrant that lost its disk)
      unavailable on|off answer every call with UNAVAILABLE
      latency MS         add MS milliseconds to every call (0 to remove)
      status             say what it is doing
      quit               exit (so does Ctrl+C)
    """;

var port = 6334;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--port" && i + 1 < args.Length &&
        int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and < 65536)
    {
        port = parsed;
        i++;
    }
    else if (args[i] is "--help" or "-h")
    {
        Console.WriteLine(Usage);
        return 0;
    }
    else
    {
        Console.Error.WriteLine($"Unknown or malformed argument '{args[i]}'.{Environment.NewLine}{Usage}");
        return 2;
    }
}

await using var server = await QdrantTestServer.StartAsync(port);
Console.WriteLine($"Qdrant test server listening on {server.Endpoint} (gRPC). Type 'help' for fault commands; Ctrl+C or 'quit' to exit.");
var stopped = new TaskCompletionSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
_ = Task.Run(async () =>
{
    // Standard input may be closed (run in the background): then only signals stop the server.
    while (await Console.In.ReadLineAsync() is { } line)
    {
        var reply = await new ConsoleCommands(server).RunAsync(line.Trim());
        if (reply is null)
        {
            stopped.TrySetResult();
            return;
        }

        Console.WriteLine(reply);
    }
});

await stopped.Task;
Console.WriteLine("Qdrant test server stopped.");
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopped.TrySetResult();
}
