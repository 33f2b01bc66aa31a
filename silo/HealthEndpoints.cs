using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OrleansFailover.Silo;

/// <summary>
/// Kubernetes probes. <c>/health/live</c> answers while the process can answer (it never calls a grain or storage:
/// a slow Redis or Qdrant must not get the pod killed); <c>/health/startup</c> once the silo has joined its cluster;
/// <c>/health/ready</c> while it has joined and is not shutting down (it turns false the moment shutdown begins, and
/// the silo keeps serving for Orleans:ShutdownDrainDelay, so traffic drains before the silo leaves).
/// </summary>
public static class HealthEndpoints
{
    public static void MapHealth(this WebApplication app)
    {
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var drain = app.Services.GetService<ShutdownDrain>();
        app.MapGet("/health/live", () => Results.Text("live"));
        app.MapGet("/health/startup", () => Started(lifetime)
            ? Results.Text("started")
            : Results.Text("starting", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/health/ready", () => !Started(lifetime)
            ? Results.Text("starting", statusCode: StatusCodes.Status503ServiceUnavailable)
            : lifetime.ApplicationStopping.IsCancellationRequested || drain?.Draining == true
                ? Results.Text("shutting down", statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Text("ready"));
    }

    private static bool Started(IHostApplicationLifetime lifetime) => lifetime.ApplicationStarted.IsCancellationRequested;
}
