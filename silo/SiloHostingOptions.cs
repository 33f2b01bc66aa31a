namespace OrleansFailover.Silo;

/// <summary>Configuration section "Orleans": how this silo joins its cluster.</summary>
public sealed class SiloHostingOptions
{
    public const string Section = "Orleans";

    public string ClusterId { get; set; } = "orleans-failover-dev";

    public string ServiceId { get; set; } = "orleans-failover";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;
}
