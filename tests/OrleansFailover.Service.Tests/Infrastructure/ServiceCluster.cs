using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Reminders;
using Orleans.TestingHost;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Hosting;
using OrleansFailover.Grains.Routing;
using OrleansFailover.Grains.Security;
using OrleansFailover.Grains.Services;
using OrleansFailover.Testing;

namespace OrleansFailover.Service.Tests.Infrastructure;

/// <summary>
/// A real Orleans cluster (in-process silos) running the failover service against the Qdrant test server,
/// with backups and grain state in a temporary folder. Time is fake where the tests drive it: the service's
/// own clock (circuit breaks, status times) and the reminders' clock.
/// </summary>
public sealed class ServiceCluster : IAsyncDisposable
{
    public const string ClusterId = "orleans-failover-dev";
    public const string ServiceId = "orleans-failover";

    /// <summary>
    /// The silos' secret. The tests' client holds it too and signs its calls as a silo would: the tests drive the
    /// internal grains directly. (<see cref="SecurityTests"/> shows a client without it is refused them.)
    /// </summary>
    public const string ClusterKey = "test-cluster-key-0123456789abcdef";

    private readonly TemporaryDirectory _folder;
    private IGrainObserver? _observerReference;

    private ServiceCluster(
        InProcessTestCluster cluster, QdrantTestServer.QdrantTestServer primary, TemporaryDirectory folder,
        FakeTimeProvider serviceClock, FakeTimeProvider reminderClock, EventRecorder events)
    {
        Cluster = cluster;
        Primary = primary;
        _folder = folder;
        ServiceClock = serviceClock;
        ReminderClock = reminderClock;
        Events = events;
    }

    public InProcessTestCluster Cluster { get; }

    public QdrantTestServer.QdrantTestServer Primary { get; }

    public FakeTimeProvider ServiceClock { get; }

    public FakeTimeProvider ReminderClock { get; }

    public EventRecorder Events { get; }

    public string BackupFolder => Path.Combine(_folder.Path, "backups");

    public string StateFolder => Path.Combine(_folder.Path, "state");

    public IClusterClient Client => Cluster.Client;

    public IFailoverGrain Failover => Client.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);

    public IVectorRouterGrain Router => Client.GetGrain<IVectorRouterGrain>(0);

    /// <summary>The whole service at a glance: the circuit and every collection.</summary>
    public IServiceStatusGrain Status => Client.GetGrain<IServiceStatusGrain>(0);

    public ICollectionBackupGrain Collection(string name) => Client.GetGrain<ICollectionBackupGrain>(name);

    public static async Task<ServiceCluster> StartAsync(short silos = 1, IDictionary<string, string?>? settings = null)
    {
        var folder = new TemporaryDirectory("orleans-failover-cluster");
        var primary = await QdrantTestServer.QdrantTestServer.StartAsync();
        var serviceClock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var reminderClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var values = new Dictionary<string, string?>
        {
            ["Qdrant:Endpoint"] = primary.Endpoint.ToString(),
            ["Qdrant:CallTimeout"] = "00:00:10",
            ["Backup:Folder"] = Path.Combine(folder.Path, "backups"),
            ["Backup:SyncInterval"] = "00:05:00",
            ["Backup:PageSize"] = "64",
            ["Failover:FailureThreshold"] = "3",
            ["Failover:BreakDuration"] = "00:00:30",
            // Tests probe with ProbeNow; the timer is checked on its own where it matters.
            ["Failover:ProbeInterval"] = "01:00:00",
            ["Routing:ModeRefreshInterval"] = "00:00:00.200",
            ["Security:ClusterKey"] = ClusterKey,
            // Requests up to the ceiling: the loss-path tests send points only the backup's own limits refuse.
            ["Limits:MaxPayloadBytes"] = (64 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ClusterId = ClusterId;
        builder.Options.ServiceId = ServiceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseInMemoryReminderService();
            silo.AddFileStateStorage(Path.Combine(folder.Path, "state"));
            silo.AddOrleansFailover(configuration);
            silo.Services.AddSingleton(new ServiceTime(serviceClock));
            silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, reminderClock);
        });

        builder.ConfigureClient(client => client.SignCallsAsClusterMember(ClusterKey));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var events = new EventRecorder();
        var service = new ServiceCluster(cluster, primary, folder, serviceClock, reminderClock, events);
        await service.SubscribeAsync();
        return service;
    }

    /// <summary>(Re)subscribes the event recorder; needed again after the failover grain moved.</summary>
    public async Task SubscribeAsync()
    {
        _observerReference ??= Client.CreateObjectReference<IFailoverObserver>(Events);
        await Failover.Subscribe((IFailoverObserver)_observerReference);
    }

    /// <summary>Waits until every silo's cached mode has reached <paramref name="version"/> (it refreshes every 200 ms).</summary>
    public async Task WaitForSilosToLearn(long version)
    {
        foreach (var silo in Cluster.Silos)
        {
            await ModeCacheWait.ReachedAsync(silo.ServiceProvider.GetRequiredService<ServiceModeCache>(), version);
        }
    }

    /// <summary>Waits for the sync-back under way (or the one <paramref name="from"/> started) to end and every silo to route to Qdrant.</summary>
    public Task<ServiceMode> WaitForReturnAsync(ServiceMode from) => Returning.WaitAsync(Events, Failover.GetMode, from, WaitForSilosToLearn);

    /// <summary>What an operator's forced return does: sync-back, then traffic back on Qdrant on every silo.</summary>
    public async Task<ServiceMode> ReturnToPrimaryAsync(string reason) => await WaitForReturnAsync(await Failover.ForceReturn(reason));

    /// <summary>Restarts (gracefully) the silo that holds <paramref name="grain"/>, then re-subscribes to events.</summary>
    public async Task RestartSiloHostingAsync(GrainId grain)
    {
        await Cluster.RestartSiloAsync(SiloHosting(grain));
        await Cluster.WaitForLivenessToStabilizeAsync(didKill: false);
        await SubscribeAsync();
    }

    /// <summary>Kills the silo that holds <paramref name="grain"/> (no shutdown), starts a new one, re-subscribes to events.</summary>
    public async Task KillSiloHostingAsync(GrainId grain)
    {
        await Cluster.KillSiloAsync(SiloHosting(grain));
        await Cluster.StartAdditionalSiloAsync();
        await Cluster.WaitForLivenessToStabilizeAsync(didKill: true);
        await SubscribeAsync();
    }

    private InProcessSiloHandle SiloHosting(GrainId grain)
    {
        Assert.True(Cluster.TryGetGrainContext(grain, out var context), $"{grain} is not active");
        return Cluster.GetSiloForAddress(context.Address.SiloAddress!) ?? throw new InvalidOperationException($"No silo holds {grain}.");
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Primary.DisposeAsync();
        _folder.Dispose();
    }
}
