namespace OrleansFailover.Grains.Storage;

/// <summary>The grain storage provider the service's grains persist their state in.</summary>
public static class StorageNames
{
    public const string State = "failover-state";
}
