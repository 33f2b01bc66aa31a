namespace OrleansFailover.Contracts.Service;

public enum ManualOverride
{
    None = 0,

    /// <summary>An operator forced failover: traffic stays on the backup until they force the return.</summary>
    ForcedFailover = 1,
}
