using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansFailover.Contracts.Security;

namespace OrleansFailover.Client.Connection;

/// <summary>An Orleans client connected to a silo's gateway, for the length of one command.</summary>
internal sealed class SiloConnection : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly IHost _host;

    private SiloConnection(IHost host, string gateway)
    {
        _host = host;
        Gateway = gateway;
    }

    public string Gateway { get; }

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>
    /// Connects to the gateway given, or, with a Redis connection string, to the gateways a Redis-hosted cluster lists
    /// in Redis (the production mode). Cluster and service ids come from ORLEANS_CLUSTER_ID / ORLEANS_SERVICE_ID.
    /// </summary>
    public static async Task<SiloConnection> OpenAsync(ConnectionSettings settings, CancellationToken cancellationToken)
    {
        var (gateway, redis) = (settings.Gateway, settings.Redis);
        var endpoint = redis is null ? GatewayAddress.Resolve(gateway) : null;
        var redisOptions = redis is null ? null : ParseRedis(redis);
        var tls = settings.Tls ? ClientTls.From(settings) : null;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            if (redisOptions is not null)
            {
                client.UseRedisClustering(options => options.ConfigurationOptions = redisOptions);
            }
            else
            {
                client.UseStaticClustering(endpoint!);
            }

            tls?.Apply(client);
            client.UseApiKey(settings.ApiKey);

            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = Environment.GetEnvironmentVariable("ORLEANS_CLUSTER_ID") ?? "orleans-failover-dev";
                options.ServiceId = Environment.GetEnvironmentVariable("ORLEANS_SERVICE_ID") ?? "orleans-failover";
            });
        });

        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await host.StartAsync(timeout.Token);
            return new SiloConnection(host, redis is null ? gateway : $"the cluster in Redis {Redacted.Redis(redis)}");
        }
        catch (Exception exception) when (exception is not UsageException && !cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw new SiloUnreachableException(
                $"cannot reach {(redis is null ? $"the silo at {gateway}" : $"a silo of the cluster in Redis {Redacted.Redis(redis)}")} ({Redacted.Redis(exception.GetBaseException().Message)}); is it running? (dotnet run --project silo){(tls is null ? string.Empty : " Does it take this client's TLS settings?")}",
                exception);
        }
    }

    private static StackExchange.Redis.ConfigurationOptions ParseRedis(string redis)
    {
        try
        {
            var options = StackExchange.Redis.ConfigurationOptions.Parse(redis);
            options.AbortOnConnectFail = false;
            return options;
        }
        catch (ArgumentException error)
        {
            throw new UsageException($"--redis '{Redacted.Redis(redis)}' is not a Redis connection string: {error.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _host.StopAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or OrleansException)
        {
            // Leaving is best effort: the command's work is done.
        }

        _host.Dispose();
    }
}
