using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

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
    /// Connects to the gateway given, or, with <paramref name="redis"/>, to the gateways a Redis-hosted cluster lists
    /// in Redis (the production mode). Cluster and service ids come from ORLEANS_CLUSTER_ID / ORLEANS_SERVICE_ID.
    /// </summary>
    public static async Task<SiloConnection> OpenAsync(string gateway, string? redis, string? tlsCertificate, CancellationToken cancellationToken)
    {
        var endpoint = redis is null ? GatewayAddress.Resolve(gateway) : null;
        var redisOptions = redis is null ? null : ParseRedis(redis);
        var certificate = tlsCertificate is null ? null : LoadCertificate(tlsCertificate);
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

            if (certificate is not null)
            {
                // The silos' scheme: everyone presents the cluster's certificate and accepts only it.
                client.UseTls(certificate, options =>
                {
                    options.RemoteCertificateMode = Orleans.Connections.Security.RemoteCertificateMode.RequireCertificate;
                    options.RemoteCertificateValidation = (remote, _, _) =>
                        remote is not null && string.Equals(remote.GetCertHashString(), certificate.GetCertHashString(), StringComparison.OrdinalIgnoreCase);
                });
            }

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
            return new SiloConnection(host, redis is null ? gateway : $"the cluster in Redis {redis}");
        }
        catch (Exception exception) when (exception is not UsageException && !cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw new SiloUnreachableException(
                $"cannot reach {(redis is null ? $"the silo at {gateway}" : $"a silo of the cluster in Redis {redis}")} ({exception.GetBaseException().Message}); is it running? (dotnet run --project silo)",
                exception);
        }
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 LoadCertificate(string path)
    {
        try
        {
            return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                path, Environment.GetEnvironmentVariable("ORLEANS_TLS_PASSWORD"));
        }
        catch (Exception error) when (error is System.Security.Cryptography.CryptographicException or IOException)
        {
            throw new UsageException($"--tls-certificate '{path}' cannot be loaded: {error.Message}");
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
            throw new UsageException($"--redis '{redis}' is not a Redis connection string: {error.Message}");
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
