using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Grains.Logging;
using OrleansFailover.Grains.Options;

namespace OrleansFailover.Grains.Services;

/// <summary>Keeps this silo's <see cref="ServiceModeCache"/> no older than the refresh interval (half a second).</summary>
public sealed class ServiceModeRefresher(
    IGrainFactory grains,
    ServiceModeCache cache,
    IOptions<RoutingOptions> options,
    ILogger<ServiceModeRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ModeRefreshInterval);
        do
        {
            try
            {
                cache.Offer(await grains.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey).GetMode());
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The cluster may still be starting or a silo may be leaving; the next tick tries again.
                ServiceLog.ModeRefreshFailed(logger, exception.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
