using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Connections.Security;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Security;
using OrleansFailover.Silo;

using OrleansFailover.Testing;

namespace OrleansFailover.Chaos.Cluster;

/// <summary>
/// A production-mode cluster: silo processes (the real program, Orleans:Mode=Redis) sharing a real redis-server
/// and one backup folder, the Qdrant test server, and an Orleans client that finds the gateways in Redis. Silos
/// can be killed outright (SIGKILL) or stopped gracefully (SIGTERM) and started again.
/// </summary>
public sealed class SiloProcessCluster : IAsyncDisposable
{
    private readonly TemporaryDirectory _folder = new("orleans-failover-redis-cluster");
    private readonly List<SiloProcess> _silos = [];
    // Grain state and reminders in Redis are keyed by the service id: a service of its own keeps clusters that share
    // CI's Redis apart.
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _serviceId = "orleans-failover-test-" + Guid.NewGuid().ToString("N")[..8];
    private IHost? _client;

    private SiloProcessCluster(RedisServer redis, QdrantTestServer.QdrantTestServer primary, TestCertificates? tls)
    {
        Redis = redis;
        Primary = primary;
        Certificates = tls;
        CertificateFiles = tls?.WriteTo(Path.Combine(_folder.Path, "tls"));
    }

    /// <summary>The cluster's certificates, when it runs with TLS (silos present the silo certificate).</summary>
    public TestCertificates? Certificates { get; }

    public TestCertificateFiles? CertificateFiles { get; }

    public RedisServer Redis { get; }

    /// <summary>The full key: the silos require it of every client call and of state changes over HTTP.</summary>
    public string ApiKey { get; } = NewKey();

    /// <summary>The read-only key.</summary>
    public string ReadOnlyApiKey { get; } = NewKey();

    /// <summary>The silos' own secret, which no client of the cluster holds.</summary>
    public string ClusterKey { get; } = NewKey();

    public QdrantTestServer.QdrantTestServer Primary { get; }

    public EventRecorder Events { get; } = new();

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public string BackupFolder => Path.Combine(_folder.Path, "backups");

    public IClusterClient Client => _client!.Services.GetRequiredService<IClusterClient>();

    /// <summary>The environment a command-line client needs to find this cluster (the variables the README gives operators).</summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment => new Dictionary<string, string>
    {
        ["ORLEANS_REDIS"] = Redis.ConnectionString,
        ["ORLEANS_CLUSTER_ID"] = _clusterId,
        ["ORLEANS_SERVICE_ID"] = _serviceId,
        ["ORLEANSFAILOVER_API_KEY"] = ApiKey,
    };

    /// <summary>One collection's status, as the whole service's status gives it.</summary>
    public async Task<Contracts.Service.CollectionStatus> CollectionStatusAsync(string name) =>
        (await Status.GetStatus()).Collections.Single(c => c.Name == name);

    /// <summary>The operator's commands.</summary>
    public IServiceControlGrain Control => Client.GetGrain<IServiceControlGrain>(0);

    public IVectorRouterGrain Router => Client.GetGrain<IVectorRouterGrain>(0);

    /// <summary>The whole service at a glance: the circuit and every collection.</summary>
    public IServiceStatusGrain Status => Client.GetGrain<IServiceStatusGrain>(0);


    /// <summary>
    /// A cluster on CI's Redis when there is one (or a private Redis when <paramref name="privateRedis"/>, for a test
    /// that restarts it). The cluster owns the Redis it started and stops it with itself; if it cannot start whole,
    /// whatever it started is stopped before the error goes up.
    /// </summary>
    public static async Task<SiloProcessCluster> StartAsync(
        int silos,
        bool privateRedis = false,
        TestCertificates? tls = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var redis = privateRedis ? await RedisServer.StartAsync() : await RedisServer.SharedOrStartAsync();
        SiloProcessCluster? cluster = null;
        try
        {
            var primary = await QdrantTestServer.QdrantTestServer.StartAsync();
            cluster = new SiloProcessCluster(redis, primary, tls);
            for (var i = 0; i < silos; i++)
            {
                cluster._silos.Add(cluster.NewSilo($"silo-{i}", settings ?? new Dictionary<string, string>()));
            }

            await Task.WhenAll(cluster._silos.Select(s => s.StartAsync()));
            await cluster.ConnectAsync();
            return cluster;
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
            else
            {
                await redis.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The silo whose address a status reports (HostedOn: Orleans' "S127.0.0.1:PORT:GENERATION").</summary>
    public SiloProcess SiloAt(string hostedOn)
    {
        var port = int.Parse(
            System.Text.RegularExpressions.Regex.Match(hostedOn, @"\d+\.\d+\.\d+\.\d+:(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        return _silos.SingleOrDefault(s => s.SiloPort == port)
            ?? throw new InvalidOperationException($"No silo of this cluster listens on port {port} ({hostedOn}).");
    }

    /// <summary>(Re)subscribes the event recorder: needed after the failover grain moved to another silo.</summary>
    public async Task SubscribeAsync() =>
        await Status.Subscribe(Client.CreateObjectReference<Contracts.Grains.IFailoverObserver>(Events));

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _client.Dispose();
        }

        foreach (var silo in _silos)
        {
            await silo.KillAsync();
        }

        await Primary.DisposeAsync();
        await Redis.DisposeAsync();
        if (Environment.GetEnvironmentVariable("ORLEANSFAILOVER_KEEP_SILO_LOGS") is null)
        {
            _folder.Dispose();
        }
    }

    /// <summary>A silo of this cluster, not started yet: the cluster's settings, then <paramref name="overrides"/> (a test's own).</summary>
    public SiloProcess NewSilo(string name, IReadOnlyDictionary<string, string> overrides)
    {
        var settings = new Dictionary<string, string>
        {
            ["Orleans__Mode"] = HostingModes.Redis,
            ["ORLEANS_REDIS"] = Redis.ConnectionString,
            ["ORLEANS_CLUSTER_ID"] = _clusterId,
            ["ORLEANS_SERVICE_ID"] = _serviceId,
            ["POD_NAME"] = name,
            ["POD_IP"] = "127.0.0.1",
            ["Orleans__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans__ShutdownTimeout"] = "00:00:20",
            // Declare a killed silo dead within a few seconds, not the production half minute.
            ["Orleans__Membership__ProbeTimeout"] = "00:00:01",
            ["Orleans__Membership__NumMissedProbesLimit"] = "2",
            ["Orleans__Membership__NumVotesForDeathDeclaration"] = "1",
            ["Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
            ["Http__Port"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Security__ApiKey"] = ApiKey,
            ["Security__ReadOnlyApiKey"] = ReadOnlyApiKey,
            ["Security__ClusterKey"] = ClusterKey,
            ["Qdrant__Endpoint"] = Primary.Endpoint.ToString(),
            ["Qdrant__CallTimeout"] = "00:00:10",
            ["Backup__Folder"] = BackupFolder,
            ["Backup__SyncInterval"] = "00:00:30",
            ["Backup__PageSize"] = "64",
            ["Failover__ProbeInterval"] = "00:00:01",
            ["Failover__BreakDuration"] = "00:00:05",
            ["Routing__ModeRefreshInterval"] = "00:00:00.200",
            // A silo ends when the pipe to its input closes: with this process, however this process ends.
            [SiloProcess.StopWhenInputEnds] = "true",
        };
        if (CertificateFiles is not null)
        {
            settings["Tls__CertificatePath"] = CertificateFiles.Silo;
            settings["Tls__CertificatePassword"] = TestCertificates.Password;
            settings["Tls__CaCertificatePath"] = CertificateFiles.Authority;
        }

        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return new SiloProcess(name, Path.Combine(_folder.Path, name), settings);
    }

    /// <summary>
    /// A client of its own that finds the gateways in Redis, as an indexer's would (the caller stops and disposes it),
    /// with the full key unless told otherwise (<paramref name="apiKey"/>; empty: none); a call it makes fails after
    /// <paramref name="responseTimeout"/> (Orleans' default: 30 s). With TLS it presents the client certificate.
    /// </summary>
    public async Task<IHost> ConnectClientAsync(TimeSpan? responseTimeout = null, string? apiKey = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client
                .UseRedisClustering(options => options.ConfigurationOptions = SiloConfiguration.ParseRedis(Redis.ConnectionString))
                .Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = _clusterId;
                    options.ServiceId = _serviceId;
                });
            if (responseTimeout is { } timeout)
            {
                client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = timeout);
            }

            client.UseApiKey(apiKey ?? ApiKey);
            if (Certificates is { } certificates)
            {
                var silos = PeerCertificates.IssuedBy(certificates.Authority);
                client.UseTls(certificates.Client, options =>
                {
                    options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                    options.RemoteCertificateValidation = (remote, _, _) => silos.IsSilo(remote);
                });
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private async Task ConnectAsync()
    {
        _client = await ConnectClientAsync();
        await SubscribeAsync();
    }

    private static string NewKey() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
}
