using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Services;
using OrleansFailover.Silo;

namespace OrleansFailover.Benchmarks;

/// <summary>The embedded silo as deployed (TCP gateway, default failover settings) and an Orleans client connected to it.</summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private readonly IHost _silo;
    private readonly IHost _client;

    private ServiceHost(IHost silo, IHost client, string folder)
    {
        _silo = silo;
        _client = client;
        Folder = folder;
    }

    public string Folder { get; }

    public IClusterClient Client => _client.Services.GetRequiredService<IClusterClient>();

    public IFailoverGrain Failover => Client.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);

    public IVectorRouterGrain Router => Client.GetGrain<IVectorRouterGrain>(0);

    public TimeSpan ProbeInterval { get; } = TimeSpan.FromSeconds(5);

    public static async Task<ServiceHost> StartAsync(Uri qdrant, string folder)
    {
        var gatewayPort = FreePort();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Storage:Folder"] = Path.Combine(folder, "state"),
            ["Backup:Folder"] = Path.Combine(folder, "backups"),
            ["Qdrant:Endpoint"] = qdrant.ToString(),
        }).Build();

        var silo = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        silo.Logging.ClearProviders();
        silo.UseOrleans(builder => SiloConfiguration.ConfigureEmbedded(builder, configuration));
        var siloHost = silo.Build();
        await siloHost.StartAsync();

        var client = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        client.Logging.ClearProviders();
        client.UseOrleansClient(builder => builder
            .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort))
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = "orleans-failover-dev";
                options.ServiceId = "orleans-failover";
            }));
        var clientHost = client.Build();
        await clientHost.StartAsync();
        return new ServiceHost(siloHost, clientHost, folder);
    }

    /// <summary>Waits until the silo routes by <paramref name="version"/> (its cache refreshes every 500 ms).</summary>
    public async Task WaitForSiloToLearn(long version)
    {
        var cache = _silo.Services.GetRequiredService<ServiceModeCache>();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(ServiceMode mode)
        {
            if (mode.Version >= version)
            {
                reached.TrySetResult();
            }
        }

        cache.Changed += OnChanged;
        try
        {
            if (cache.Current.Version < version)
            {
                await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            cache.Changed -= OnChanged;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
        await _silo.StopAsync();
        _silo.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
