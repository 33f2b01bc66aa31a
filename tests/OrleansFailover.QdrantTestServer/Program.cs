using System.Globalization;
using System.Runtime.InteropServices;
using OrleansFailover.QdrantTestServer;

// Standalone: dotnet run --project tests/OrleansFailover.QdrantTestServer -- --port 6334
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
        Console.WriteLine("Qdrant wire-compatible test server (gRPC on 127.0.0.1). Usage: [--port 6334]");
        return 0;
    }
    else
    {
        Console.Error.WriteLine($"Unknown or malformed argument '{args[i]}'. Usage: [--port 6334]");
        return 2;
    }
}

await using var server = await QdrantTestServer.StartAsync(port);
Console.WriteLine($"Qdrant test server listening on {server.Endpoint} (gRPC). Press Ctrl+C to stop; data lives in memory.");
var stopped = new TaskCompletionSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
await stopped.Task;
Console.WriteLine("Qdrant test server stopped.");
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopped.TrySetResult();
}
