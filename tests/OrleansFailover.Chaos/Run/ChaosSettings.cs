using System.Globalization;

namespace OrleansFailover.Chaos.Run;

/// <summary>How a chaos run is shaped: how many writers over how many points, how long each step of the schedule lasts.</summary>
public sealed record ChaosSettings
{
    /// <summary>Writers, each through an Orleans client of its own.</summary>
    public int Writers { get; init; } = 4;

    /// <summary>The points the writers share: few enough that their writes overlap (last-write-wins and tombstones).</summary>
    public int Points { get; init; } = 48;

    /// <summary>Episodes of faults per seed.</summary>
    public int Episodes { get; init; } = 4;

    /// <summary>How many operations the writers complete (acknowledged or failed) while a fault lasts.</summary>
    public int OperationsPerStep { get; init; } = 120;

    /// <summary>The writers' Orleans call timeout: a call to a silo that was killed fails after it.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Liveness: once Qdrant is healthy and every silo is up, the circuit must close within this.</summary>
    public TimeSpan RecoveryLimit { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>The silos of a chaos cluster detect and recover fast: a short break, frequent probes, short deadlines.</summary>
    public static IReadOnlyDictionary<string, string> SiloSettings { get; } = new Dictionary<string, string>
    {
        ["Failover__FailureThreshold"] = "3",
        ["Failover__BreakDuration"] = "00:00:01",
        ["Failover__ProbeInterval"] = "00:00:00.500",
        ["Qdrant__CallTimeout"] = "00:00:03",
        ["Qdrant__HealthCheckTimeout"] = "00:00:01",
        ["Backup__SyncInterval"] = "00:00:30",
        ["Logging__LogLevel__OrleansFailover"] = "Debug",
        ["Orleans__ShutdownTimeout"] = TimeSpan.FromSeconds(10).ToString("c", CultureInfo.InvariantCulture),
    };
}
