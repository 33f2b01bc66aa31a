namespace OrleansFailover.Chaos.Run;

/// <summary>The seeded schedule of one chaos run: the same seed gives the same episodes, in the same order.</summary>
public sealed record ChaosSchedule(int Seed, IReadOnlyList<Episode> Episodes)
{
    public static ChaosSchedule For(int seed, int episodes)
    {
        var random = new Random(seed);
        var list = new List<Episode>();
        for (var i = 0; i < episodes; i++)
        {
            list.Add(random.Next(10) switch
            {
                < 4 => new Episode.QdrantOutage(
                    ComesBackEmpty: random.Next(4) == 0, ComesBackSlow: random.Next(2) == 0,
                    KillSiloDuringFailover: random.Next(3) == 0, NaturalRecovery: random.Next(2) == 0),
                < 7 => new Episode.ForcedFailover((KillPoint)random.Next(3)),
                < 9 => new Episode.Blip(Unavailable: random.Next(2) == 0),
                _ => new Episode.SiloKill(HoldingTheFailoverGrain: random.Next(2) == 0),
            });
        }

        return new ChaosSchedule(seed, list);
    }

    public int Outages => Episodes.Count(e => e.OpensCircuit);

    public override string ToString() =>
        $"seed {Seed}: " + string.Join(" | ", Episodes.Select((e, i) => $"{i + 1}. {e}"));
}
