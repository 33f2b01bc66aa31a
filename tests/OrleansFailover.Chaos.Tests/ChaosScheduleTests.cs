using OrleansFailover.Chaos.Run;

namespace OrleansFailover.Chaos.Tests;

/// <summary>The seeded schedules: replayable from their seed, and CI's seeds play every kind of fault.</summary>
public sealed class ChaosScheduleTests
{
    [Fact]
    public void A_seed_always_gives_the_same_schedule()
    {
        Assert.Equal(ChaosSchedule.For(42, 6).ToString(), ChaosSchedule.For(42, 6).ToString());
        Assert.NotEqual(ChaosSchedule.For(42, 6).ToString(), ChaosSchedule.For(43, 6).ToString());
    }

    [Fact]
    public void The_seeds_ci_runs_play_every_kind_of_episode()
    {
        var episodes = ChaosSeeds.Ci.SelectMany(seed => ChaosSchedule.For(seed, new ChaosSettings().Episodes).Episodes).ToArray();
        var outages = episodes.OfType<Episode.QdrantOutage>().ToArray();
        var forced = episodes.OfType<Episode.ForcedFailover>().ToArray();
        var blips = episodes.OfType<Episode.Blip>().ToArray();
        var kills = episodes.OfType<Episode.SiloKill>().ToArray();

        Assert.Contains(outages, o => o.ComesBackEmpty);
        Assert.Contains(outages, o => !o.ComesBackEmpty);
        Assert.Contains(outages, o => o.ComesBackSlow);
        Assert.Contains(outages, o => o.KillSiloDuringFailover);
        Assert.Contains(outages, o => o.NaturalRecovery);
        Assert.Contains(outages, o => !o.NaturalRecovery);
        Assert.All(Enum.GetValues<KillPoint>(), point => Assert.Contains(forced, f => f.Kill == point));
        Assert.Contains(blips, b => b.Unavailable);
        Assert.Contains(blips, b => !b.Unavailable);
        Assert.Contains(kills, k => k.HoldingTheFailoverGrain);
        Assert.Contains(kills, k => !k.HoldingTheFailoverGrain);
    }
}
