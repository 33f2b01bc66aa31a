using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansFailover.Silo;

/// <summary>
/// A stopping silo ends within <see cref="SiloHostingOptions.ShutdownTimeout"/>, whatever holds it up: a Redis that
/// cannot be reached keeps Orleans waiting to update membership, and the host's own timeout only asks its services
/// to give up. When the deadline passes with the process still there, it says so and ends itself. Also, when
/// <see cref="StopWhenInputEnds"/> is set (by a supervisor or a test harness), the silo stops when its standard
/// input closes: when the process that started it is gone, however it went.
/// </summary>
internal sealed partial class ShutdownDeadline(TimeSpan timeout, IHostApplicationLifetime lifetime, ILogger<ShutdownDeadline> logger)
    : BackgroundService
{
    public const string StopWhenInputEnds = "ORLEANSFAILOVER_STOP_WHEN_INPUT_ENDS";

    private Timer? _deadline;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
            _deadline = new Timer(_ => EndNow(), null, timeout, Timeout.InfiniteTimeSpan));
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _deadline?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!string.Equals(Environment.GetEnvironmentVariable(StopWhenInputEnds), "true", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // Reading a pipe whose other end is never written returns only when that end closes.
        await Task.Run(() =>
        {
            using var input = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (input.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }, CancellationToken.None).WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!stoppingToken.IsCancellationRequested)
        {
            LogInputEnded(logger);
            lifetime.StopApplication();
        }
    }

    private void EndNow()
    {
        LogDeadlinePassed(logger, timeout.TotalSeconds);
        Process.GetCurrentProcess().Kill();
    }

    [LoggerMessage(7001, LogLevel.Error, "The silo did not stop within Orleans:ShutdownTimeout ({Seconds} s): it ends now.")]
    private static partial void LogDeadlinePassed(ILogger logger, double seconds);

    [LoggerMessage(7002, LogLevel.Warning, "Standard input ended and " + StopWhenInputEnds + " is set: the process that started this silo is gone; stopping.")]
    private static partial void LogInputEnded(ILogger logger);
}
