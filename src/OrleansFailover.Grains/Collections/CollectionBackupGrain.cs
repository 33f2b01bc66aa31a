using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Restore;
using OrleansFailover.Grains.Storage;
using OrleansFailover.Grains.SyncBack;
using OrleansFailover.VectorStores;

namespace OrleansFailover.Grains.Collections;

/// <summary>
/// One collection (key: its name), a thin shell around its <see cref="CollectionLifecycle"/>: it feeds the lifecycle
/// the failover grain's commands and carries out the steps the lifecycle returns. The jobs are elsewhere: reads and
/// writes in <see cref="CollectionDoor"/> (every call on the collection comes here, so its phase alone decides where
/// each goes), admission and restore in <see cref="CollectionCopies"/>, syncs in <see cref="CollectionSync"/>,
/// sync-back in <see cref="CollectionSyncBack"/>; what they share is the <see cref="CollectionRuntime"/>.
/// Reentrant: calls interleave at their awaits (a slow Qdrant call never holds up the others, and concurrent failover
/// writes share one fsync); every decision is taken from the lifecycle in a single turn, with no await between the
/// check and the act. It waits on the failover grain only for an admission or to report a failed call to Qdrant;
/// the failover grain never waits on it.
/// </summary>
[Reentrant]
public sealed class CollectionBackupGrain(
    [PersistentState("collection", StorageNames.State)] IPersistentState<CollectionBackupState> state,
    CollectionServices services,
    ILogger<CollectionBackupGrain> logger) : Grain, ICollectionBackupGrain, ICollectionLifecycle, IRemindable
{
    public const string SyncReminder = "sync";

    private CollectionRuntime _collection = null!;
    private CollectionSync _sync = null!;
    private CollectionCopies _copies = null!;
    private CollectionDoor _door = null!;
    private CollectionSyncBack _syncBack = null!;
    private IGrainTimer? _keepAlive;

    private string Name => this.GetPrimaryKeyString();

    private CollectionLifecycle Lifecycle => _collection.Lifecycle;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        CollectionNames.EnsureValid(Name);
        _collection = new CollectionRuntime(Name, services, state, logger) { Carry = Carry };
        _sync = new CollectionSync(Name, services, state, () => _collection.Journal, _collection.PersistAsync, _collection.Publish, logger);
        _copies = new CollectionCopies(_collection);
        _door = new CollectionDoor(_collection, _copies);
        _syncBack = new CollectionSyncBack(_collection, _sync);
        _collection.OpenJournalIfPresent();
        if (_collection.PendingWrites)
        {
            // Journaled writes not yet in Qdrant: the failover grain must know this collection, whatever its state says.
            await _collection.Failover.RegisterCollection(Name);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _collection.CloseJournal();
        return Task.CompletedTask;
    }

    // ---- Backups: schedule, syncs, status ----

    public Task EnsureScheduled(CollectionSchema? knownSchema = null) => _sync.EnsureScheduledAsync(this, knownSchema);

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == SyncReminder ? Tick() : Task.CompletedTask;

    public Task<SyncOutcome> Tick() => Task.FromResult(_sync.Tick(Lifecycle.Phase));

    public Task<SyncReport> SyncNow() => _sync.SyncNowAsync(Lifecycle.Phase);

    public Task<CollectionStatus> GetStatus() => Task.FromResult(_sync.Status(Lifecycle.Phase) with
    {
        LastRestore = state.State.LastRestore,
        ServingFromBackup = Lifecycle.HasCopy,
        Journal = _collection.JournalStatus(),
        SyncBack = _syncBack.Progress ?? state.State.LastSyncBack,
        HostedOn = services.SiloAddress,
    });

    public Task<JournalStatus> GetJournal() => Task.FromResult(_collection.JournalStatus());

    public async Task<SyncBackReport> ReplayJournal()
    {
        var started = services.Time.GetUtcNow();
        var outcome = await _syncBack.ReplayPendingAsync();
        return SyncBackReports.Of(Name, started, services.Time.GetUtcNow(), SyncBackPhase.Replaying, outcome, services.Failover.ConflictRule);
    }

    // ---- Commands from the failover grain ----

    public Task EnterFailover(long modeVersion)
    {
        Carry(Lifecycle.EnterFailover(modeVersion));
        return Task.CompletedTask;
    }

    public Task StartSyncBack(long attempt)
    {
        Carry(Lifecycle.SyncBackRequested(attempt));
        return Task.CompletedTask;
    }

    public Task Return(long modeVersion)
    {
        var pending = _collection.PendingWrites;
        var step = Lifecycle.Return(modeVersion, pending);
        if (pending && step != LifecycleStep.Ignore)
        {
            CollectionLog.ReturnWithPendingWrites(logger, Name, _collection.Journal!.PendingRecords);
        }

        Carry(step, modeVersion);
        return Task.CompletedTask;
    }

    // ---- Reads and writes: the collection's one door ----

    public async Task CreateCollection(CollectionSchema schema)
    {
        RequestChecks.EnsureSchema(Name, schema);
        await _door.ReadAsync("create collection", CreateInQdrantAsync, CreateInCopyAsync, allowAbsent: true);

        async Task<bool> CreateInQdrantAsync(IVectorStore qdrant)
        {
            if (!await qdrant.CollectionExistsAsync(Name))
            {
                try
                {
                    await qdrant.CreateCollectionAsync(Name, schema);
                    return true;
                }
                catch (VectorStoreException error) when (error.Kind == VectorStoreErrorKind.CollectionAlreadyExists)
                {
                    // Created by someone else meanwhile: compare below.
                }
            }

            return SameSchema((await qdrant.GetCollectionAsync(Name)).Schema, schema);
        }

        async Task<bool> CreateInCopyAsync(ServingCopy copy)
        {
            if (copy.Store.Contains(Name))
            {
                return SameSchema((await copy.Store.GetCollectionAsync(Name)).Schema, schema);
            }

            // Nothing was known of it: the collection is new, created while Qdrant is down; sync-back creates it in Qdrant.
            await copy.Store.CreateCollectionAsync(Name, schema);
            state.State.Schema = schema;
            await _collection.PersistAsync();
            return true;
        }
    }

    public Task<bool> CollectionExists() => _door.ReadAsync(
        "collection exists", qdrant => qdrant.CollectionExistsAsync(Name), copy => Task.FromResult(copy.Store.Contains(Name)), allowAbsent: true);

    public Task<CollectionInfo> GetCollection() =>
        _door.ReadAsync("get collection", qdrant => qdrant.GetCollectionAsync(Name), copy => copy.Store.GetCollectionAsync(Name));

    public Task<IReadOnlyList<VectorPoint>> Get(IReadOnlyList<PointId> ids, bool withPayload, bool withVectors) => _door.ReadAsync(
        "get points", qdrant => qdrant.GetAsync(Name, ids, withPayload, withVectors), copy => copy.Store.GetAsync(Name, ids, withPayload, withVectors));

    public Task<long> Count(PointFilter? filter) =>
        _door.ReadAsync("count", qdrant => qdrant.CountAsync(Name, filter), copy => copy.Store.CountAsync(Name, filter));

    public Task<ScrollPage> Scroll(ScrollRequest request) =>
        _door.ReadAsync("scroll", qdrant => qdrant.ScrollAsync(Name, request), copy => copy.Store.ScrollAsync(Name, request));

    public Task<IReadOnlyList<ScoredPoint>> Search(SearchRequest request) =>
        _door.ReadAsync("search", qdrant => qdrant.SearchAsync(Name, request), copy => copy.Store.SearchAsync(Name, request));

    public Task Upsert(IReadOnlyList<VectorPoint> points) => _door.UpsertAsync(points);

    public Task Delete(IReadOnlyList<PointId> ids) => _door.DeleteAsync(ids);

    // ---- Carrying out the lifecycle's steps ----

    private void Carry(LifecycleStep step, long modeVersion = 0, ServingCopy? copy = null)
    {
        switch (step)
        {
            case LifecycleStep.AdmitAndRestore:
                _copies.Start();
                break;
            case LifecycleStep.Ready:
                Install(copy);
                break;
            case LifecycleStep.StartSyncBack:
                Install(copy);
                _syncBack.Start();
                break;
            case LifecycleStep.DrainBeforeReturn:
                _syncBack.Start();
                break;
            case LifecycleStep.ReportRestoreAndSyncBackFailed:
                _syncBack.ReportRestoreFailed();
                break;
            case LifecycleStep.ReportSyncBackAgain:
                _syncBack.ReportAgain();
                break;
            case LifecycleStep.DropCopyAndReportReturned:
                DropCopy();
                _collection.Failover.Report(new ServingEnded { Collection = Name, ModeVersion = modeVersion == 0 ? Lifecycle.KnownVersion : modeVersion });
                _ = EndFailoverEpochAsync();
                break;
            case LifecycleStep.Deactivate:
                DropCopy();
                this.DeactivateOnIdle();
                break;
        }

        _collection.ReleaseWaitingWrites();
    }

    private void Install(ServingCopy? copy)
    {
        if (copy is not null)
        {
            _collection.Copy = copy;
        }

        // While failover lasts this activation holds the collection's data: it must not be collected as idle.
        _keepAlive ??= this.RegisterGrainTimer(
            static () => Task.CompletedTask,
            new GrainTimerCreationOptions { DueTime = TimeSpan.FromMinutes(1), Period = TimeSpan.FromMinutes(1), KeepAlive = true });
    }

    private void DropCopy()
    {
        if (_collection.Copy is not null)
        {
            _collection.Copy = null;
            CollectionLog.ServingEnded(logger, Name);
            _collection.Publish(ServiceEventKind.ServingEnded, "traffic is back on Qdrant: the in-memory copy is dropped");
        }

        _keepAlive?.Dispose();
        _keepAlive = null;
    }

    /// <summary>Traffic is back on Qdrant: the next failover's prior images start afresh.</summary>
    private async Task EndFailoverEpochAsync()
    {
        if (state.State.FailoverEpochStart is not null && Lifecycle.Phase == CollectionPhase.Normal && !_collection.PendingWrites)
        {
            state.State.FailoverEpochStart = null;
            await _collection.PersistQuietlyAsync();
        }
    }

    private bool SameSchema(CollectionSchema existing, CollectionSchema wanted) => existing.Equals(wanted)
        ? true
        : throw VectorStoreException.InvalidArgument($"Collection '{Name}' exists with a different vector configuration.");
}
