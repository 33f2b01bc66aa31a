using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Routing;
using OrleansFailover.Grains.Security;
using OrleansFailover.Silo;
using OrleansFailover.Testing;

namespace OrleansFailover.Service.Tests.Infrastructure;

/// <summary>
/// The embedded silo exactly as <c>dotnet run --project silo</c> configures it (TCP gateway, file state,
/// in-memory reminders), on free ports, against the Qdrant test server: what the command-line client talks to.
/// </summary>
public class EmbeddedSiloFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _folder = new("orleans-failover-silo");
    private IHost _silo = null!;
    private IHost _client = null!;

    public QdrantTestServer.QdrantTestServer Primary { get; private set; } = null!;

    public EventRecorder Events { get; } = new();

    public string Gateway { get; private set; } = null!;

    public string BackupFolder => Path.Combine(_folder.Path, "backups");

    public IClusterClient Client => _client.Services.GetRequiredService<IClusterClient>();

    /// <summary>The operator's commands, as a client gives them (the fixture's client is an ordinary one).</summary>
    public IServiceControlGrain Failover => Client.GetGrain<IServiceControlGrain>(0);

    public IVectorRouterGrain Router => Client.GetGrain<IVectorRouterGrain>(0);

    public IServiceStatusGrain Status => Client.GetGrain<IServiceStatusGrain>(0);

    /// <summary>
    /// Settings over the defaults. With <c>Security:ClusterKey</c>, the fixture's own client holds it and signs its calls
    /// as a silo would (it may then call the internal grains, <see cref="Internal{T}"/>).
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>An internal grain, for a fixture whose client holds the cluster key.</summary>
    public T Internal<T>(string key)
        where T : IGrainWithStringKey => Client.GetGrain<T>(key);

    /// <summary>The failover grain, for a fixture whose client holds the cluster key.</summary>
    public IFailoverGrain FailoverGrain => Client.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);

    /// <summary>A service of the silo itself.</summary>
    public T SiloService<T>()
        where T : notnull => _silo.Services.GetRequiredService<T>();

    public async ValueTask InitializeAsync()
    {
        Primary = await QdrantTestServer.QdrantTestServer.StartAsync();
        var gatewayPort = FreePorts.Next();
        Gateway = $"127.0.0.1:{gatewayPort}";
        var values = new Dictionary<string, string?>
        {
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Storage:Folder"] = Path.Combine(_folder.Path, "state"),
            ["Backup:Folder"] = BackupFolder,
            ["Qdrant:Endpoint"] = Primary.Endpoint.ToString(),
            ["Failover:ProbeInterval"] = "01:00:00",
            ["Routing:ModeRefreshInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in Settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var silo = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        silo.Logging.ClearProviders();
        silo.UseOrleans(builder => SiloConfiguration.ConfigureEmbedded(builder, configuration));
        _silo = silo.Build();
        await _silo.StartAsync(TestContext.Current.CancellationToken);

        var client = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        client.Logging.ClearProviders();
        client.UseOrleansClient(builder =>
        {
            builder
                .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort))
                .Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = ServiceCluster.ClusterId;
                    options.ServiceId = ServiceCluster.ServiceId;
                });
            if (values.GetValueOrDefault("Security:ClusterKey") is { } clusterKey)
            {
                builder.SignCallsAsClusterMember(clusterKey);
            }
        });
        _client = client.Build();
        await _client.StartAsync(TestContext.Current.CancellationToken);
        await Status.Subscribe(Client.CreateObjectReference<IFailoverObserver>(Events));
    }

    public async Task ResetAsync()
    {
        Primary.Faults.Reset();
        await Returning.ResetAsync(ReturnToPrimaryAsync);
        Events.Clear();
    }

    /// <summary>What an operator's forced return does: sync-back, then traffic back on Qdrant.</summary>
    public async Task<ServiceMode> ReturnToPrimaryAsync(string reason) =>
        await Returning.WaitAsync(Events, Failover.GetMode, await Failover.ForceReturn(reason), WaitForSiloToLearn);

    public Task WaitForSiloToLearn(long version) =>
        ModeCacheWait.ReachedAsync(_silo.Services.GetRequiredService<ServiceModeCache>(), version);

    public async ValueTask DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
        await _silo.StopAsync();
        _silo.Dispose();
        await Primary.DisposeAsync();
        _folder.Dispose();
    }

}
