using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Grains.Services;
using OrleansFailover.Grains.Options;

namespace OrleansFailover.Grains.Routing;

/// <summary>
/// Keeps this silo's <see cref="ServiceModeCache"/> no older than the refresh interval (half a second); before it
/// switches this silo back to Qdrant after failover, it waits for its connection to Qdrant to be ready.
/// </summary>
public sealed class ServiceModeRefresher(
    IGrainFactory grains,
    ServiceModeCache cache,
    PrimaryStore primary,
    IOptions<RoutingOptions> options,
    ILogger<ServiceModeRefresher> logger) : BackgroundService
{
    // A silo that cannot reach Qdrant while the circuit says it is back waits this many refreshes, then follows.
    private const int MaxDeferredReturns = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ModeRefreshInterval);
        var deferred = 0;
        do
        {
            try
            {
                var mode = await grains.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey).GetMode();
                if (!mode.FailoverActive && cache.Current.FailoverActive && mode.Version > cache.Current.Version)
                {
                    // Traffic is about to return to Qdrant: reconnect first. After an outage this silo's channel
                    // may still be backing off, and every call in that window would fail as if Qdrant were down.
                    var health = await primary.Store.CheckHealthAsync(stoppingToken);
                    if (!health.IsHealthy && ++deferred < MaxDeferredReturns)
                    {
                        RoutingLog.ReturnDeferred(logger, health.Description, deferred);
                        continue;
                    }
                }

                deferred = 0;
                cache.Offer(mode);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The cluster may still be starting or a silo may be leaving; the next tick tries again.
                RoutingLog.ModeRefreshFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
