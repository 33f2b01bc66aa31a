using Microsoft.Extensions.Logging;
using OrleansFailover.Backups.Storage;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Grains.Services;

namespace OrleansFailover.Grains.Hosting;

/// <summary>
/// Runs once when a silo starts: activates the failover grain (which starts probing), makes every collection
/// known (those in Qdrant, those in the backup folder, those the failover grain remembers) and registers their
/// sync reminders. Reminders do nothing until someone registers them; this is that someone.
/// </summary>
public sealed class CollectionDiscovery(
    IGrainFactory grains,
    PrimaryStore primary,
    BackupFolder folder,
    ILogger<CollectionDiscovery> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        var failover = grains.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);
        var known = new HashSet<string>(await failover.GetCollections(), StringComparer.Ordinal);

        IReadOnlyList<string> fromPrimary = [];
        try
        {
            fromPrimary = await primary.Store.ListCollectionsAsync(cancellationToken);
        }
        catch (VectorStoreException error)
        {
            StartupLog(error.Message);
        }

        var fromFolder = folder.ListCollections();
        foreach (var illegal in fromPrimary.Where(name => !CollectionNames.IsValid(name)))
        {
            HostingLog.IllegalNameSkipped(logger, CollectionNames.Printable(illegal));
        }

        known.RemoveWhere(name => !CollectionNames.IsValid(name));
        known.UnionWith(fromPrimary.Where(CollectionNames.IsValid));
        known.UnionWith(fromFolder);
        foreach (var collection in known.Order(StringComparer.Ordinal))
        {
            await failover.RegisterCollection(collection);
            await grains.GetGrain<ICollectionBackupGrain>(collection).EnsureScheduled();
        }

        HostingLog.StartupDiscovered(logger, known.Count, fromPrimary.Count, fromFolder.Count, folder.Root);
    }

    private void StartupLog(string message) => HostingLog.StartupPrimaryUnavailable(logger, message);
}
