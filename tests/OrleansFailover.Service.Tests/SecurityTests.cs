using System.Net;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Configuration;
using OrleansFailover.Client;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Security;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Security;
using OrleansFailover.Service.Tests.Infrastructure;
using OrleansFailover.VectorStores.Qdrant;

namespace OrleansFailover.Service.Tests;

/// <summary>
/// The silo as <c>dotnet run --project silo</c> configures it, with a full key, a read-only key and small request
/// limits; the fixture's own client holds the cluster key (a cluster insider), to look inside and to set up.
/// </summary>
public sealed class SecuredSilo : EmbeddedSiloFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Security:ApiKey"] = SecurityTests.FullKey,
        ["Security:ReadOnlyApiKey"] = SecurityTests.ReadOnlyKey,
        ["Security:ClusterKey"] = "cluster-key-for-the-tests-0123456789",
        ["Limits:MaxPointsPerUpsert"] = "100",
        ["Limits:MaxSearchLimit"] = "20",
    };
}

/// <summary>
/// Every call through the gateway is checked: internal coordination is refused to any client whatever key it carries,
/// client calls need a key that allows them, and over-limit requests are the caller's error. Each refusal is checked
/// to have changed nothing, in the service's state, its journals and folders, and in Qdrant itself.
/// </summary>
public sealed class SecurityTests(SecuredSilo fixture) : IClassFixture<SecuredSilo>, IAsyncLifetime
{
    public const string FullKey = "full-key-for-the-tests-0123456789";
    public const string ReadOnlyKey = "read-only-key-for-the-tests-0123";

    private static readonly Type[] InternalInterfaces = [typeof(IFailoverGrain), typeof(ICollectionBackupGrain), typeof(ICollectionLifecycle), typeof(IRemindable)];

    private readonly List<IHost> _clients = [];

    private SecuredSilo Service => fixture;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.StopAsync(CancellationToken.None);
            client.Dispose();
        }
    }

    [Fact]
    public async Task Internal_coordination_is_refused_to_clients_whatever_key_they_carry_and_nothing_changes()
    {
        var name = await TestData.CreateCollectionAsync(Service.Router, TestData.Small(points: 20));
        await Service.Failover.SyncNow(name);
        const string unused = "never-used-by-anyone";
        var before = await SnapshotAsync(name);
        var refusedBefore = RefusedSoFar();

        var forged = 0;
        var oneWay = 0;
        foreach (var key in new[] { null, FullKey })
        {
            var client = await ConnectAsync(key);
            foreach (var (method, grain) in InternalMethods(client, name).Concat(InternalMethods(client, unused)))
            {
                forged++;
                var call = (Task)method.Invoke(grain, ForgedArguments(method, name))!;
                if (method.IsDefined(typeof(OneWayAttribute)))
                {
                    oneWay++;
                    await call; // nothing comes back from a one-way call, a refusal neither: it is counted below
                    continue;
                }

                var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => call);
                Assert.Equal(AccessDenial.PermissionDenied, refused.Denial);
                Assert.Contains("coordination between silos", refused.Message, StringComparison.Ordinal);
            }
        }

        await RefusedAtLeastAsync(refusedBefore + forged);
        var after = await SnapshotAsync(name);
        var refusedInAll = RefusedSoFar() - refusedBefore;

        Assert.True(oneWay >= 8, $"the one-way commands and reports were forged too ({oneWay})");
        Assert.Equal(before, after);
        Assert.Equal(forged, refusedInAll); // and nothing of the clients' own runtime traffic was taken for a forgery
        Assert.False(Directory.Exists(Path.Combine(Service.BackupFolder, unused)), "a refused call leaves no folder behind");
        // And the real coordination still works: a failover and a return, with a write in between, end in Qdrant.
        await Service.Failover.ForceFailover("after the forgeries");
        var written = TestData.Small(points: 1, seed: 77).Points().Single() with { Id = 999_001 };
        await Service.Router.Upsert(name, [written]);
        await Service.ReturnToPrimaryAsync("after the forgeries");
        Assert.Single(await QdrantAsync(qdrant => qdrant.GetAsync(name, [written.Id], cancellationToken: Cancel)));
    }

    [Fact]
    public async Task Orleans_own_services_and_grains_are_refused_to_clients_too_while_what_every_client_needs_still_works()
    {
        var client = (await ConnectAsync(FullKey)).Services.GetRequiredService<IClusterClient>();
        var silo = Service.SiloService<ILocalSiloDetails>().SiloAddress;
        // The silo's control service (an Orleans system target): it could deactivate every grain, or report them.
        var siloControlType = typeof(IManagementGrain).Assembly.GetType("Orleans.ISiloControl", throwOnError: true)!;
        var siloControl = client.GetGrain(SystemTargetGrainId.Create(SystemTargetGrainId.CreateGrainType("silo-control"), silo).GrainId).AsReference(siloControlType);
        var activationsBefore = await Service.Client.GetGrain<IManagementGrain>(0).GetTotalActivationCount(Cancel);
        var refusedBefore = RefusedSoFar();

        Task Call(string method) => (Task)siloControlType.GetMethods().First(m => m.Name == method).Invoke(siloControl, ForgedArguments(siloControlType.GetMethods().First(m => m.Name == method), "none"))!;
        var collect = await Assert.ThrowsAsync<AccessDeniedException>(() => Call("ForceActivationCollection"));
        var count = await Assert.ThrowsAsync<AccessDeniedException>(() => Call("GetActivationCount"));
        var management = await Assert.ThrowsAsync<AccessDeniedException>(() => client.GetGrain<IManagementGrain>(0).GetHosts(false, Cancel));
        var status = await client.GetGrain<IServiceStatusGrain>(0).GetStatus(); // the cluster manifest it needed was served

        Assert.All([collect, count, management], refused => Assert.Equal(AccessDenial.PermissionDenied, refused.Denial));
        Assert.Equal(CircuitState.Closed, status.Circuit);
        Assert.True(await Service.Client.GetGrain<IManagementGrain>(0).GetTotalActivationCount(Cancel) >= activationsBefore, "nothing was deactivated");
        Assert.Equal(refusedBefore + 3, RefusedSoFar());
    }

    [Fact]
    public async Task A_filter_nested_a_hundred_thousand_levels_is_the_callers_invalid_argument_and_the_connection_goes_on()
    {
        var workload = TestData.Small(points: 20);
        var name = await TestData.CreateCollectionAsync(Service.Router, workload);
        var reader = (await ConnectAsync(ReadOnlyKey)).Services.GetRequiredService<IClusterClient>().GetGrain<IVectorRouterGrain>(0);
        var deep = new PointFilter();
        for (var i = 0; i < 100_000; i++)
        {
            deep = new PointFilter { Must = [FilterCondition.Matches(deep)] };
        }

        var refused = await Assert.ThrowsAsync<VectorStoreException>(() => reader.Search(name, TestData.DenseQuery(workload, 0) with { Filter = deep }));
        var counted = await Assert.ThrowsAsync<VectorStoreException>(() => reader.Count(name, deep));
        var hits = await reader.Search(name, TestData.DenseQuery(workload, 0));

        Assert.Equal(VectorStoreErrorKind.InvalidArgument, refused.Kind);
        Assert.Contains("nests more than 64 levels", refused.Message, StringComparison.Ordinal);
        Assert.Equal(VectorStoreErrorKind.InvalidArgument, counted.Kind);
        Assert.Equal(5, hits.Count);
    }

    [Fact]
    public async Task Every_client_call_needs_a_key_and_the_read_only_key_only_reads()
    {
        var workload = TestData.Small(points: 20);
        var name = await TestData.CreateCollectionAsync(Service.Router, workload);
        var point = workload.Points().First() with { Id = 424_242 };
        var none = (await ConnectAsync(null)).Services.GetRequiredService<IClusterClient>();
        var wrong = (await ConnectAsync("not-a-key-of-this-service")).Services.GetRequiredService<IClusterClient>();
        var reader = (await ConnectAsync(ReadOnlyKey)).Services.GetRequiredService<IClusterClient>();
        var writer = (await ConnectAsync(FullKey)).Services.GetRequiredService<IClusterClient>();
        var modeBefore = await Service.Failover.GetMode();

        var noKey = await Assert.ThrowsAsync<AccessDeniedException>(() => none.GetGrain<IVectorRouterGrain>(0).Search(name, TestData.DenseQuery(workload, 0)));
        var wrongKey = await Assert.ThrowsAsync<AccessDeniedException>(() => wrong.GetGrain<IServiceStatusGrain>(0).GetStatus());
        var hits = await reader.GetGrain<IVectorRouterGrain>(0).Search(name, TestData.DenseQuery(workload, 0));
        var status = await reader.GetGrain<IServiceStatusGrain>(0).GetStatus();
        var readerWrites = await Assert.ThrowsAsync<AccessDeniedException>(() => reader.GetGrain<IVectorRouterGrain>(0).Upsert(name, [point]));
        var readerForces = await Assert.ThrowsAsync<AccessDeniedException>(() => reader.GetGrain<IServiceControlGrain>(0).ForceFailover("a reader tries"));
        var readerCreates = await Assert.ThrowsAsync<AccessDeniedException>(() => reader.GetGrain<IVectorRouterGrain>(0).EnsureCollection("made-by-a-reader", workload.Schema));
        var missingAfterRefusal = await QdrantAsync(qdrant => qdrant.GetAsync(name, [point.Id], cancellationToken: Cancel));
        await writer.GetGrain<IVectorRouterGrain>(0).Upsert(name, [point]);

        Assert.Equal(AccessDenial.Unauthenticated, noKey.Denial);
        Assert.Contains("no API key", noKey.Message, StringComparison.Ordinal);
        Assert.Equal(AccessDenial.Unauthenticated, wrongKey.Denial);
        Assert.Equal(5, hits.Count);
        Assert.Contains(name, status.KnownCollections);
        Assert.Equal(0, status.ModeVersion); // coordination counters stay inside the cluster
        Assert.All([readerWrites, readerForces, readerCreates], refused => Assert.Equal(AccessDenial.PermissionDenied, refused.Denial));
        Assert.Contains("read-only key", readerWrites.Message, StringComparison.Ordinal);
        Assert.Empty(missingAfterRefusal);
        Assert.Equal(modeBefore, await Service.Failover.GetMode());
        Assert.DoesNotContain("made-by-a-reader", await QdrantAsync(qdrant => qdrant.ListCollectionsAsync(Cancel)));
        Assert.Single(await QdrantAsync(qdrant => qdrant.GetAsync(name, [point.Id], cancellationToken: Cancel)));
    }

    [Fact]
    public async Task The_command_line_client_says_unauthenticated_or_permission_denied_and_exits_with_4()
    {
        var noKey = await RunClientAsync("status");
        var reader = await RunClientAsync("status", "--api-key", ReadOnlyKey);
        var readerForces = await RunClientAsync("failover", "force", "--api-key", ReadOnlyKey);
        var modeAfter = await Service.Failover.GetMode();

        Assert.True(noKey.ExitCode == ExitCodes.AccessDenied, noKey.Error);
        Assert.Contains("unauthenticated", noKey.Error, StringComparison.Ordinal);
        Assert.Contains("--api-key", noKey.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, reader.ExitCode);
        Assert.Equal(ExitCodes.AccessDenied, readerForces.ExitCode);
        Assert.Contains("permission denied", readerForces.Error, StringComparison.Ordinal);
        Assert.False(modeAfter.FailoverActive);
    }

    [Fact]
    public async Task An_over_limit_request_is_the_callers_invalid_argument_and_never_counts_against_qdrant()
    {
        var workload = TestData.Small(points: 20);
        var name = await TestData.CreateCollectionAsync(Service.Router, workload);
        var writer = (await ConnectAsync(FullKey)).Services.GetRequiredService<IClusterClient>().GetGrain<IVectorRouterGrain>(0);
        var tooMany = TestData.Small(points: 101, seed: 5).Points().ToArray();

        var errors = new List<VectorStoreException>();
        for (var i = 0; i < 4; i++)
        {
            errors.Add(await Assert.ThrowsAsync<VectorStoreException>(() => writer.Upsert(name, tooMany)));
            errors.Add(await Assert.ThrowsAsync<VectorStoreException>(() => writer.Search(name, TestData.DenseQuery(workload, 0, limit: 21))));
        }

        var status = await Service.FailoverGrain.GetStatus();
        Assert.All(errors, error => Assert.Equal(VectorStoreErrorKind.InvalidArgument, error.Kind));
        Assert.Contains("Limits:MaxPointsPerUpsert = 100", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("Limits:MaxSearchLimit = 20", errors[1].Message, StringComparison.Ordinal);
        Assert.Equal(CircuitState.Closed, status.Circuit);
        Assert.Equal(0, status.ConsecutiveFailures);
        Assert.Equal(20, await QdrantAsync(qdrant => qdrant.CountAsync(name, cancellationToken: Cancel)));
    }

    /// <summary>What a forged call could have changed: the circuit, the collection's phase and journal, its folder, Qdrant.</summary>
    private async Task<string> SnapshotAsync(string name)
    {
        var failover = await Service.FailoverGrain.GetStatus();
        var collection = await Service.Internal<ICollectionBackupGrain>(name).GetStatus();
        var journal = await Service.Internal<ICollectionBackupGrain>(name).GetJournal();
        var count = await QdrantAsync(qdrant => qdrant.CountAsync(name, cancellationToken: Cancel));
        var files = Directory.GetFileSystemEntries(Service.BackupFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        return string.Join(
            "\n",
            $"mode {failover.ModeVersion} {failover.Circuit} failures {failover.ConsecutiveFailures} attempt {failover.SyncBackAttempt} override {failover.ManualOverride}",
            $"known {string.Join(",", failover.KnownCollections.Order(StringComparer.Ordinal))}",
            $"collection {collection.Phase} generation {collection.Generation}",
            $"journal next {journal.NextSequence} pending {journal.PendingRecords} replayed {journal.ReplayedThrough}",
            $"qdrant {count}",
            $"files {string.Join(",", files.Select(f => Path.GetRelativePath(Service.BackupFolder, f)))}");
    }

    /// <summary>Every method of the internal interfaces, on the grains they address (the failover grain; the collection's).</summary>
    private static IEnumerable<(MethodInfo Method, object Grain)> InternalMethods(IHost client, string collection)
    {
        var grains = client.Services.GetRequiredService<IClusterClient>();
        foreach (var type in InternalInterfaces)
        {
            var grain = type == typeof(IFailoverGrain)
                ? grains.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey)
                : (object)grains.GetGrain<ICollectionBackupGrain>(collection);
            var reference = ((IAddressable)grain).AsReference(type);
            foreach (var method in type.GetMethods())
            {
                yield return (method, reference);
            }
        }
    }

    /// <summary>What an attacker would send: the values that would hurt most where they can.</summary>
    private static object?[] ForgedArguments(MethodInfo method, string collection) => method.GetParameters().Select(parameter => parameter.ParameterType switch
    {
        var t when t == typeof(string) => parameter.Name == "collection" ? collection : "forged",
        var t when t == typeof(long) => long.MaxValue,
        var t when t == typeof(TimeSpan) => TimeSpan.Zero,
        var t when t == typeof(CancellationToken) => Cancel,
        var t when t == typeof(bool) => true,
        var t when t == typeof(CollectionReport) => new SyncBackFinished
        {
            Collection = collection,
            Report = new SyncBackReport { Collection = collection, StartedAt = DateTimeOffset.UtcNow, Phase = SyncBackPhase.Completed, Attempt = long.MaxValue },
        },
        var t when t == typeof(IReadOnlyList<VectorPoint>) => new[] { TestData.Small(points: 1, seed: 66).Points().Single() with { Id = 31_337 } },
        var t when t == typeof(IReadOnlyList<PointId>) => new PointId[] { 1, 2, 3 },
        var t when t == typeof(CollectionSchema) => TestData.Small(points: 1).Schema,
        var t when t == typeof(ScrollRequest) => new ScrollRequest(),
        var t when t == typeof(SearchRequest) => TestData.DenseQuery(TestData.Small(points: 1), 0),
        var t when t.IsValueType => Activator.CreateInstance(t),
        _ => null,
    }).ToArray();

    private long RefusedSoFar() => Service.SiloService<CallRefusals>().Count;

    /// <summary>Waits, on the silo's own count, until it has refused <paramref name="count"/> calls in all.</summary>
    private Task RefusedAtLeastAsync(long count) => Service.SiloService<CallRefusals>().WhenAtLeast(count).WaitAsync(TimeSpan.FromSeconds(30), Cancel);

    private async Task<T> QdrantAsync<T>(Func<QdrantVectorStore, Task<T>> read)
    {
        using var qdrant = new QdrantVectorStore(new QdrantStoreOptions { Endpoint = Service.Primary.Endpoint });
        return await read(qdrant);
    }

    /// <summary>The command-line client, run in this process against the cluster's gateway.</summary>
    private async Task<(int ExitCode, string Output, string Error)> RunClientAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await ClientApp.RunAsync([.. args, "--gateway", Service.Gateway], output, error, Cancel);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>An ordinary Orleans client at the gateway: no cluster key, and <paramref name="apiKey"/> if any.</summary>
    private async Task<IHost> ConnectAsync(string? apiKey)
    {
        var endpoint = IPEndPoint.Parse(Service.Gateway);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .UseStaticClustering(endpoint)
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = ServiceCluster.ClusterId;
                options.ServiceId = ServiceCluster.ServiceId;
            })
            .UseApiKey(apiKey));
        var host = builder.Build();
        _clients.Add(host);
        await host.StartAsync(Cancel);
        return host;
    }
}
