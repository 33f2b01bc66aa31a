namespace OrleansFailover.Grains.Options;

/// <summary>Configuration section "Routing".</summary>
public sealed class RoutingOptions
{
    public const string Section = "Routing";

    /// <summary>How often each silo refreshes its cached mode from the failover grain; at most a second.</summary>
    public TimeSpan ModeRefreshInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
