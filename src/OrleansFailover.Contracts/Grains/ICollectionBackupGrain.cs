using Orleans.Concurrency;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Contracts.Grains;

/// <summary>
/// One collection (key: its name), and its one door: every read and write of the collection through the service
/// passes here, and goes to Qdrant or to the backup as the collection's phase says. It also owns the collection's
/// backup: the periodic sync on a reminder, manual syncs, the restore into memory on failover, the journal. What the
/// failover grain tells it to do is in <see cref="ICollectionLifecycle"/>. Its calls interleave (the grain is
/// reentrant): a slow call never holds up the others. Coordination between silos only: clients reach a collection
/// through <see cref="IVectorRouterGrain"/>, and a call to it from a client is refused.
/// </summary>
[Alias("OrleansFailover.ICollectionBackupGrain")]
public interface ICollectionBackupGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the periodic sync reminder (idempotent) when backups are enabled, and remembers the schema when
    /// given: what the collection starts with, empty, if failover comes before its first backup.
    /// </summary>
    [Alias("EnsureScheduled")]
    Task EnsureScheduled(CollectionSchema? knownSchema = null);

    /// <summary>What a reminder tick does: starts a sync in the background unless one runs or it must be skipped.</summary>
    [Alias("Tick")]
    Task<SyncOutcome> Tick();

    /// <summary>Syncs now and waits for the result; callers that come while a sync runs join it.</summary>
    [AlwaysInterleave, Alias("SyncNow")]
    Task<SyncReport> SyncNow();

    /// <summary>Answers at once, even while a long sync or restore is under way.</summary>
    [AlwaysInterleave, Alias("GetStatus")]
    Task<CollectionStatus> GetStatus();

    [Alias("CreateCollection")]
    Task CreateCollection(CollectionSchema schema);

    [Alias("CollectionExists")]
    Task<bool> CollectionExists();

    [Alias("GetCollection")]
    Task<CollectionInfo> GetCollection();

    /// <summary>
    /// Every write to the collection through the service comes here, its one writer: while traffic is on Qdrant it
    /// goes to Qdrant and into the journal (the continuous backup); during failover it is applied to the in-memory
    /// copy and acknowledged once its journal record is on disk; once the journal is drained at the end of failover
    /// it goes to Qdrant first. Writes interleave, so that concurrent ones share one fsync.
    /// </summary>
    [AlwaysInterleave, Alias("Upsert")]
    Task Upsert(IReadOnlyList<VectorPoint> points);

    [AlwaysInterleave, Alias("Delete")]
    Task Delete(IReadOnlyList<PointId> ids);

    /// <summary>Replays the journal's pending writes into Qdrant now, without ending failover (<c>client sync-back COLLECTION</c>).</summary>
    [Alias("ReplayJournal")]
    Task<SyncBackReport> ReplayJournal();

    [AlwaysInterleave, Alias("GetJournal")]
    Task<JournalStatus> GetJournal();

    [Alias("Get")]
    Task<IReadOnlyList<VectorPoint>> Get(IReadOnlyList<PointId> ids, bool withPayload, bool withVectors);

    [Alias("Count")]
    Task<long> Count(PointFilter? filter);

    [Alias("Scroll")]
    Task<ScrollPage> Scroll(ScrollRequest request);

    [Alias("Search")]
    Task<IReadOnlyList<ScoredPoint>> Search(SearchRequest request);
}
