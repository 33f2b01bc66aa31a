using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Silo;

using OrleansFailover.Testing;

namespace OrleansFailover.Service.Tests.Infrastructure;

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

    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2? _tls;
    private readonly string? _tlsPath;

    private SiloProcessCluster(
        RedisServer redis, QdrantTestServer.QdrantTestServer primary, System.Security.Cryptography.X509Certificates.X509Certificate2? tls)
    {
        Redis = redis;
        Primary = primary;
        _tls = tls;
        if (tls is not null)
        {
            _tlsPath = Path.Combine(_folder.Path, "cluster.pfx");
            File.WriteAllBytes(_tlsPath, tls.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, TlsPassword));
        }
    }

    /// <summary>The password of the TLS certificate file the silos are given.</summary>
    public const string TlsPassword = "test-password";

    /// <summary>The cluster's TLS certificate file (.pfx), when it runs with TLS.</summary>
    public string? TlsCertificatePath => _tlsPath;

    public RedisServer Redis { get; }

    /// <summary>The key the silos require for state changes over HTTP.</summary>
    public string ApiKey { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

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
    };

    public IFailoverGrain Failover => Client.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);

    public IVectorRouterGrain Router => Client.GetGrain<IVectorRouterGrain>(0);

    /// <summary>The whole service at a glance: the circuit and every collection.</summary>
    public IServiceStatusGrain Status => Client.GetGrain<IServiceStatusGrain>(0);

    public ICollectionBackupGrain Collection(string name) => Client.GetGrain<ICollectionBackupGrain>(name);

    /// <summary>
    /// A cluster for one test, on CI's Redis when there is one (or a private Redis when <paramref name="privateRedis"/>,
    /// for a test that restarts it); the test is skipped, saying why, when no Redis can be had. The cluster owns the
    /// Redis it started and stops it with itself.
    /// </summary>
    public static async Task<SiloProcessCluster> StartForTestAsync(
        int silos,
        bool privateRedis = false,
        System.Security.Cryptography.X509Certificates.X509Certificate2? tls = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        Assert.SkipUnless(RedisServer.Available, RedisServer.NotInstalled);
        Assert.SkipWhen(privateRedis && RedisServer.Executable is null, RedisServer.NotInstalled);
        var redis = privateRedis ? await RedisServer.StartAsync() : await RedisServer.SharedOrStartAsync();
        try
        {
            return await StartAsync(redis, silos, tls, settings ?? new Dictionary<string, string>());
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    private static async Task<SiloProcessCluster> StartAsync(
        RedisServer redis, int silos, System.Security.Cryptography.X509Certificates.X509Certificate2? tls, IReadOnlyDictionary<string, string> settings)
    {
        var primary = await QdrantTestServer.QdrantTestServer.StartAsync();
        var cluster = new SiloProcessCluster(redis, primary, tls);
        for (var i = 0; i < silos; i++)
        {
            cluster._silos.Add(cluster.NewSilo($"silo-{i}", settings));
        }

        await Task.WhenAll(cluster._silos.Select(s => s.StartAsync()));
        await cluster.ConnectAsync();
        return cluster;
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
        await Failover.Subscribe(Client.CreateObjectReference<Contracts.Grains.IFailoverObserver>(Events));

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

    /// <summary>A silo's environment: the cluster's settings, then <paramref name="overrides"/> (a test's own).</summary>
    private SiloProcess NewSilo(string name, IReadOnlyDictionary<string, string> overrides)
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
            ["Qdrant__Endpoint"] = Primary.Endpoint.ToString(),
            ["Qdrant__CallTimeout"] = "00:00:10",
            ["Backup__Folder"] = BackupFolder,
            ["Backup__SyncInterval"] = "00:00:30",
            ["Backup__PageSize"] = "64",
            ["Failover__ProbeInterval"] = "00:00:01",
            ["Failover__BreakDuration"] = "00:00:05",
            ["Routing__ModeRefreshInterval"] = "00:00:00.200",
        };
        if (_tlsPath is not null)
        {
            settings["Tls__CertificatePath"] = _tlsPath;
            settings["Tls__CertificatePassword"] = TlsPassword;
        }

        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return new SiloProcess(name, Path.Combine(_folder.Path, name), settings);
    }

    private async Task ConnectAsync()
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
            if (_tls is not null)
            {
                client.UseTls(_tls, options => TlsConfiguration.Pin(options, _tls));
            }
        });
        _client = builder.Build();
        await _client.StartAsync();
        await SubscribeAsync();
    }

}

/// <summary>One silo process: the silo program from this test's output folder, its log in its own folder.</summary>
public sealed class SiloProcess(string name, string folder, IReadOnlyDictionary<string, string> settings)
{
    private Process? _process;

    public string Name { get; } = name;

    public int SiloPort { get; } = int.Parse(settings["Orleans__SiloPort"], CultureInfo.InvariantCulture);

    public string Log => Path.Combine(folder, "silo.log");

    /// <summary>The silo's health endpoints: /health/live, /health/ready, /health/startup.</summary>
    public Uri Http { get; } = new($"http://127.0.0.1:{settings["Http__Port"]}/");

    public async Task StartAsync()
    {
        Directory.CreateDirectory(folder);
        var program = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "OrleansFailover.Silo.exe" : "OrleansFailover.Silo");
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(Log, append: true) { AutoFlush = true };
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Silo {Name} did not start.");
        _process.OutputDataReceived += (_, line) => Write(log, line.Data);
        _process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Started means what Kubernetes' startup probe sees: /health/startup answers 200 once the silo has joined.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Silo {Name} exited while starting; see {Log}.");
            }

            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"Silo {Name} did not report started within 60 s; see {Log}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Http, "health/startup"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: the silo vanishes without leaving the cluster; the others must notice.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM, then waits for the process to end: a graceful shutdown, as Kubernetes does before it deletes a pod.</summary>
    public async Task StopGracefullyAsync()
    {
        if (_process is { HasExited: false })
        {
            await SendTerminateAsync();
            await WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM without waiting: the shutdown has begun.</summary>
    public async Task SendTerminateAsync()
    {
        var process = _process ?? throw new InvalidOperationException($"Silo {Name} was never started.");
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill!.WaitForExitAsync();
    }

    /// <summary>Waits (at most a minute) for the process to end; its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        var process = _process ?? throw new InvalidOperationException($"Silo {Name} was never started.");
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return process.ExitCode;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
