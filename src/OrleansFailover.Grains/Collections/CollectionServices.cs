using Microsoft.Extensions.Options;
using OrleansFailover.Backups.Storage;
using OrleansFailover.Grains.Options;
using OrleansFailover.Grains.Restore;
using OrleansFailover.Grains.Routing;
using OrleansFailover.Grains.Services;
using OrleansFailover.Grains.Telemetry;

namespace OrleansFailover.Grains.Collections;

/// <summary>What every collection grain of a silo works with: Qdrant, the backup folder, the restorer, the options, the clock.</summary>
public sealed class CollectionServices(
    PrimaryStore primary,
    BackupFolder folder,
    BackupRestorer restorer,
    ServiceModeCache mode,
    IOptions<BackupOptions> backup,
    IOptions<FailoverOptions> failover,
    ServiceTime time,
    ILocalSiloDetails silo,
    FailoverMetrics metrics,
    IGrainFactory grains)
{
    public IGrainFactory Grains => grains;

    public PrimaryStore Primary => primary;

    public BackupFolder Folder => folder;

    public BackupRestorer Restorer => restorer;

    /// <summary>This silo's view of the routing mode (for skipping syncs while the circuit is not closed).</summary>
    public ServiceModeCache Mode => mode;

    public BackupOptions Backup => backup.Value;

    public FailoverOptions Failover => failover.Value;

    public ServiceTime Time => time;

    public string SiloAddress => silo.SiloAddress.ToString();

    public FailoverMetrics Metrics => metrics;
}
