namespace OrleansFailover.Silo;

/// <summary>Configuration section "Orleans": how this silo joins its cluster.</summary>
public sealed class SiloHostingOptions
{
    public const string Section = "Orleans";

    /// <summary>"Embedded" (one silo on localhost, the default) or "Redis" (a cluster: membership, reminders and state in Redis).</summary>
    public string Mode { get; set; } = HostingModes.Embedded;

    public string ClusterId { get; set; } = "orleans-failover-dev";

    public string ServiceId { get; set; } = "orleans-failover";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Redis mode: a StackExchange.Redis connection string ("redis:6379,password=…").</summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>Redis mode: the address other silos and clients reach this one at (in Kubernetes, the pod's IP).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>The silo's name in logs and the dashboard (in Kubernetes, the pod's name).</summary>
    public string? SiloName { get; set; }

    /// <summary>How long a stopping silo may take to hand its grains over and leave the cluster.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After SIGTERM, how long /health/ready answers 503 while the silo still serves everything, before it starts to
    /// leave: time for Kubernetes and load balancers to stop sending it traffic. Part of <see cref="ShutdownTimeout"/>.
    /// </summary>
    public TimeSpan ShutdownDrainDelay { get; set; } = TimeSpan.Zero;
}

public static class HostingModes
{
    public const string Embedded = "Embedded";
    public const string Redis = "Redis";
}
