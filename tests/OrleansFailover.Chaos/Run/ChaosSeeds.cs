namespace OrleansFailover.Chaos.Run;

/// <summary>The seeds CI runs: together they play every kind of episode (a test checks it); seeds that once found a bug stay here.</summary>
public static class ChaosSeeds
{
    public static IReadOnlyList<int> Ci { get; } = [1, 4, 6, 8, 11, 12];
}
