using Microsoft.Extensions.Hosting;

namespace OrleansFailover.QdrantTestServer.Hosting;

/// <summary>
/// The server is embedded in tests and benchmarks, several at a time: it must not take over the process's
/// Ctrl+C and SIGTERM handling the way the default console lifetime does. Whoever hosts it stops it.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
