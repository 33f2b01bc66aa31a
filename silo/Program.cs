using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OrleansFailover.Grains.Telemetry;
using OrleansFailover.Silo;

// dotnet run --project silo: one silo on localhost (gateway 30000), Qdrant at localhost:6334, backups under ./data/backups,
// health endpoints on http://localhost:8080/health/{live,ready,startup}.
// Every setting can be overridden by environment variables (Backup__SyncInterval=00:01:00) or arguments (--Backup:SyncInterval 00:01:00);
// in Kubernetes, POD_NAME, POD_IP, ORLEANS_CLUSTER_ID, ORLEANS_SERVICE_ID and ORLEANS_REDIS are read too.
// appsettings.json comes from the program's folder; relative data folders are relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
PodEnvironment.AddBelowExplicitSettings(builder.Configuration);
try
{
    var hosting = SiloConfiguration.ReadHosting(builder.Configuration);
    var http = builder.Configuration.GetSection(HttpOptions.Section).Get<HttpOptions>() ?? new HttpOptions();
    builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = hosting.ShutdownTimeout);
    builder.WebHost.UseUrls($"http://{(http.ListenOnAnyAddress ? "0.0.0.0" : "127.0.0.1")}:{http.Port}");
    builder.UseOrleans(silo => SiloConfiguration.Configure(silo, builder.Configuration));
    builder.Services.AddSingleton(services => new ShutdownDrain(
        hosting.ShutdownDrainDelay, services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ShutdownDrain>>()));
    builder.Services.AddHostedService(services => services.GetRequiredService<ShutdownDrain>());
    builder.Services.AddHostedService(services => new ShutdownDeadline(
        hosting.ShutdownTimeout,
        services.GetRequiredService<IHostApplicationLifetime>(),
        services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ShutdownDeadline>>()));
    builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
        .AddMeter(FailoverMetrics.MeterName, "Microsoft.Orleans")
        .AddPrometheusExporter());

    var app = builder.Build();
    StartupWarnings.Log(
        app.Logger, builder.Configuration, hosting, http,
        app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OrleansFailover.Grains.Security.SecurityOptions>>().Value);
    app.MapHealth();
    app.MapAdmin();
    app.MapStatusPage();
    app.MapProtectedDashboard();
    app.MapPrometheusScrapingEndpoint("/metrics");
    await app.RunAsync();
    return 0;
}
catch (Microsoft.Extensions.Options.OptionsValidationException error)
{
    await Console.Error.WriteLineAsync($"Configuration is not valid:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", error.Failures)}");
    return 2;
}
catch (InvalidOperationException error)
{
    await Console.Error.WriteLineAsync($"The silo could not start: {error.Message}");
    return 1;
}
