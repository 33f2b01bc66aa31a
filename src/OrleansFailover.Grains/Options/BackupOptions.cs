namespace OrleansFailover.Grains.Options;

/// <summary>Configuration section "Backup": how collections are backed up.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";
    public static readonly TimeSpan MinimumSyncInterval = TimeSpan.FromSeconds(30);

    /// <summary>Periodic syncs on reminders; manual syncs and failover work either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each collection is synced to a new backup generation; at least 30 seconds.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Points per scroll page during a sync.</summary>
    public int PageSize { get; set; } = 256;

    /// <summary>Where backups live; every silo must reach the same folder.</summary>
    public string Folder { get; set; } = "data/backups";

    /// <summary>Generations kept per collection.</summary>
    public int Retention { get; set; } = 3;
}
