using OrleansFailover.Chaos.Run;
using OrleansFailover.Service.Tests.Infrastructure;

namespace OrleansFailover.Service.Tests;

/// <summary>
/// The history checker under randomized faults (DATA-SAFETY.md): two silo processes on Redis, four writers through
/// Orleans clients of their own, a seeded schedule of Qdrant outages, forced failovers and silo kills (among them the
/// silo holding the collection during its replay and its fresh generation); then Qdrant itself must hold every
/// acknowledged write's last version, and every read through the service must have seen the writes acknowledged
/// before it. A failing seed prints its schedule and replays with the same seed.
/// </summary>
public sealed class ChaosTests(ChaosCluster fixture) : IClassFixture<ChaosCluster>
{
    public static TheoryData<int> Seeds => new(ChaosSeeds.Ci);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task No_acknowledged_write_is_lost_or_invisible_under_the_seeds_schedule(int seed)
    {
        Assert.SkipUnless(RedisServer.Available, RedisServer.NotInstalled);
        var output = TestContext.Current.TestOutputHelper;
        var result = await ChaosRun.RunAsync(fixture.Cluster, seed, new ChaosSettings(), line => output?.WriteLine(line));
        output?.WriteLine(result.ToString());

        Assert.True(result.Passed, result.ToString());
    }
}

/// <summary>One chaos cluster for all seeds: two silo processes, the chaos settings, Redis (CI's or its own).</summary>
public sealed class ChaosCluster : IAsyncLifetime
{
    public SiloProcessCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (RedisServer.Available)
        {
            Cluster = await SiloProcessCluster.StartAsync(silos: 2, settings: ChaosSettings.SiloSettings);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}
