using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansFailover.Silo;

/// <summary>
/// The first thing a stopping silo does, before any part of it stops (the host's "stopping" step runs before it
/// stops Kestrel, Orleans or anything else): /health/ready turns 503, and for
/// <see cref="SiloHostingOptions.ShutdownDrainDelay"/> the silo keeps serving everything (grains, gateway, HTTP) so
/// that traffic moves elsewhere before it hands its grains over and leaves the cluster.
/// </summary>
internal sealed partial class ShutdownDrain(TimeSpan delay, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    private volatile bool _draining;

    /// <summary>True from the moment the host begins to stop.</summary>
    public bool Draining => _draining;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        LogDraining(logger, delay.TotalSeconds);
        await Task.Delay(delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(7000, LogLevel.Information, "Shutting down: not ready any more; still serving for {Seconds} s before leaving the cluster.")]
    private static partial void LogDraining(ILogger logger, double seconds);
}
