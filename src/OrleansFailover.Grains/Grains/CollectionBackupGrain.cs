using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFailover.Backups.Storage;
using OrleansFailover.Backups.Sync;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Logging;
using OrleansFailover.Grains.Options;
using OrleansFailover.Grains.Services;

namespace OrleansFailover.Grains.Grains;

/// <summary>
/// One collection's backup. A reminder tick starts a sync in the background and returns at once; one sync
/// runs at a time; ticks are skipped while the circuit is not closed. On failover it validates and restores
/// its backup into this silo's in-memory store and serves the collection from there until the circuit closes.
/// </summary>
public sealed class CollectionBackupGrain(
    [PersistentState("collection", StorageNames.State)] IPersistentState<CollectionBackupState> state,
    PrimaryStore primary,
    BackupStore backup,
    BackupFolder folder,
    BackupRestorer restorer,
    ServiceModeCache mode,
    IOptions<BackupOptions> options,
    ServiceTime time,
    ILogger<CollectionBackupGrain> logger) : Grain, ICollectionBackupGrain, IRemindable
{
    public const string SyncReminder = "sync";

    private Task<SyncReport>? _sync;
    private Task<RestoreReport>? _restore;
    private IGrainTimer? _keepAlive;
    private DateTimeOffset? _nextDue;

    private string Name => this.GetPrimaryKeyString();

    private IFailoverGrain Failover => GrainFactory.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        CollectionNames.EnsureValid(Name);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The in-memory copy belongs to this activation; another one restores its own.
        if (_restore is not null)
        {
            await backup.Store.DeleteCollectionAsync(Name, cancellationToken);
        }
    }

    public async Task EnsureScheduled(CollectionSchema? knownSchema = null)
    {
        if (knownSchema is not null && !knownSchema.Equals(state.State.Schema))
        {
            state.State.Schema = knownSchema;
            await state.WriteStateAsync();
        }

        if (!options.Value.Enabled)
        {
            state.State.LastSkipReason = "periodic backups are disabled (Backup:Enabled is false)";
            return;
        }

        var interval = options.Value.SyncInterval;
        var existing = await this.GetReminder(SyncReminder);
        if (existing is null || state.State.ScheduledInterval != interval)
        {
            await this.RegisterOrUpdateReminder(SyncReminder, interval, interval);
            state.State.ScheduledInterval = interval;
            await state.WriteStateAsync();
            ServiceLog.SyncScheduled(logger, Name, interval);
        }

        _nextDue ??= time.GetUtcNow() + interval;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == SyncReminder ? Tick() : Task.CompletedTask;

    public Task<SyncOutcome> Tick()
    {
        _nextDue = time.GetUtcNow() + options.Value.SyncInterval;
        var skip = SkipReason(periodic: true);
        if (skip is not null)
        {
            return Task.FromResult(Skip(skip).Outcome);
        }

        if (_sync is { IsCompleted: false })
        {
            // Ticks can come doubled or late: one already running covers this one too.
            return Task.FromResult(SyncOutcome.Completed);
        }

        _sync = RunSyncAsync();
        return Task.FromResult(SyncOutcome.Completed);
    }

    public Task<SyncReport> SyncNow()
    {
        var skip = SkipReason(periodic: false);
        if (skip is not null)
        {
            return Task.FromResult(Skip(skip));
        }

        if (_sync is not { IsCompleted: false })
        {
            _sync = RunSyncAsync();
        }

        return _sync;
    }

    public Task<CollectionStatus> GetStatus()
    {
        var newest = folder.Newest(Name);
        var completed = state.State.LastCompletedSync;
        return Task.FromResult(new CollectionStatus
        {
            Name = Name,
            BackupFileExists = newest is not null,
            SizeBytes = newest?.SizeBytes ?? 0,
            Generation = newest?.Generation,
            PointCount = completed?.Generation == newest?.Generation ? completed?.Points : null,
            LastSync = completed?.At,
            LastSyncDuration = completed?.Duration,
            Checksum = completed?.Checksum,
            LastError = state.State.LastSync is { Outcome: SyncOutcome.Failed } failed ? failed.Reason : null,
            NextSyncDue = options.Value.Enabled ? _nextDue : null,
            SyncRunning = _sync is { IsCompleted: false },
            LastRestore = state.State.LastRestore,
            ServingFromBackup = _restore is { IsCompletedSuccessfully: true } restore && restore.Result.Error is null,
            LastSkipReason = state.State.LastSkipReason,
        });
    }

    public Task<RestoreReport> PrepareFailover() => _restore ??= RestoreAsync();

    public async Task EndFailover()
    {
        if (_restore is null)
        {
            return;
        }

        var restore = _restore;
        _restore = null;
        try
        {
            await restore;
        }
        catch (Exception exception)
        {
            // A restore that failed left nothing to drop; the failure was reported when it happened.
            ServiceLog.PrepareFailed(logger, Name, exception.Message);
        }

        await backup.Store.DeleteCollectionAsync(Name);
        _keepAlive?.Dispose();
        _keepAlive = null;
        ServiceLog.ServingEnded(logger, Name);
    }

    public async Task CreateCollection(CollectionSchema schema)
    {
        var report = await ServeFromBackupAsync();
        if (report.Error is null)
        {
            var existing = await backup.Store.GetCollectionAsync(Name);
            if (!existing.Schema.Equals(schema))
            {
                throw VectorStoreException.CollectionAlreadyExists(Name);
            }

            return;
        }

        // Nothing to restore and no schema known: the collection is new, created while Qdrant is down.
        await backup.Store.CreateCollectionAsync(Name, schema);
        state.State.Schema = schema;
        await state.WriteStateAsync();
        _restore = Task.FromResult(report with { Error = null, StartedEmpty = true });
        KeepAliveWhileServing();
    }

    public async Task<CollectionInfo> GetCollection() => await (await ServingStoreAsync()).GetCollectionAsync(Name);

    public async Task Upsert(IReadOnlyList<VectorPoint> points) => await (await ServingStoreAsync()).UpsertAsync(Name, points);

    public async Task Delete(IReadOnlyList<PointId> ids) => await (await ServingStoreAsync()).DeleteAsync(Name, ids);

    public async Task<IReadOnlyList<VectorPoint>> Get(IReadOnlyList<PointId> ids, bool withPayload, bool withVectors) =>
        await (await ServingStoreAsync()).GetAsync(Name, ids, withPayload, withVectors);

    public async Task<long> Count(PointFilter? filter) => await (await ServingStoreAsync()).CountAsync(Name, filter);

    public async Task<ScrollPage> Scroll(ScrollRequest request) => await (await ServingStoreAsync()).ScrollAsync(Name, request);

    public async Task<IReadOnlyList<ScoredPoint>> Search(SearchRequest request) =>
        await (await ServingStoreAsync()).SearchAsync(Name, request);

    private async Task<VectorStores.IVectorStore> ServingStoreAsync()
    {
        var report = await ServeFromBackupAsync();
        if (report.Error is not null)
        {
            throw new VectorStoreException(
                VectorStoreErrorKind.Unavailable,
                $"Qdrant is down and collection '{Name}' cannot be served from the backup: {report.Error}.");
        }

        return backup.Store;
    }

    /// <summary>
    /// The restore behind a data call. A call that comes when nothing is restored is checked with the failover
    /// grain first: a router whose cached mode is behind must not restore a copy that nobody will end (it would
    /// hold the memory and serve an old generation on the next failover).
    /// </summary>
    private async Task<RestoreReport> ServeFromBackupAsync()
    {
        if (_restore is null)
        {
            var current = await Failover.GetMode();
            mode.Offer(current);
            if (!current.FailoverActive)
            {
                throw new FailoverNotActiveException(Name, current);
            }
        }

        return await PrepareFailover();
    }

    private async Task<RestoreReport> RestoreAsync()
    {
        var report = await restorer.RestoreAsync(Name, state.State.Schema, CancellationToken.None);
        state.State.LastRestore = report;
        await state.WriteStateAsync();
        if (report.Error is null)
        {
            KeepAliveWhileServing();
        }

        var kind = report.Error is not null ? ServiceEventKind.RestoreFailed
            : report.StartedEmpty ? ServiceEventKind.RestoreStartedEmpty
            : ServiceEventKind.RestoreCompleted;
        await PublishAsync(kind, report.Verdict);
        if (report.Error is not null)
        {
            // Let a later call try again: a backup may have been put in place meanwhile.
            _restore = null;
        }

        return report;
    }

    private async Task<SyncReport> RunSyncAsync()
    {
        var started = time.GetUtcNow();
        SyncReport report;
        try
        {
            var store = primary.Store;
            var snapshotOptions = new SnapshotOptions { PageSize = options.Value.PageSize };
            var name = Name;
            // The sync runs on the thread pool: encoding and hashing must not occupy this grain's turn.
            var result = await Task.Run(() => CollectionSnapshotter.SnapshotAsync(store, name, folder, time, snapshotOptions));
            state.State.Schema = result.Schema;
            report = new SyncReport
            {
                Collection = Name,
                Outcome = SyncOutcome.Completed,
                At = started,
                Generation = result.Generation.Generation,
                Points = result.Points,
                Bytes = result.Generation.SizeBytes,
                Checksum = result.Checksum,
                Duration = result.Duration,
            };
            state.State.LastCompletedSync = report;
            ServiceLog.SyncCompleted(logger, Name, report.Generation ?? 0, report.Points, report.Bytes, report.Duration.TotalMilliseconds);
        }
        catch (Exception exception)
        {
            report = new SyncReport
            {
                Collection = Name,
                Outcome = SyncOutcome.Failed,
                At = started,
                Duration = time.GetUtcNow() - started,
                Reason = exception.Message,
            };
            ServiceLog.SyncFailed(logger, Name, exception.Message);
            if (exception is VectorStoreException { IsStoreFailure: true })
            {
                mode.Offer(await Failover.ReportPrimaryFailure($"sync of '{Name}'", exception.Message));
            }
        }

        state.State.LastSync = report;
        await state.WriteStateAsync();
        await PublishAsync(
            report.Outcome == SyncOutcome.Completed ? ServiceEventKind.SyncCompleted : ServiceEventKind.SyncFailed,
            report.Outcome == SyncOutcome.Completed
                ? $"generation {report.Generation}: {report.Points} points, {report.Bytes} bytes in {report.Duration.TotalMilliseconds:F0} ms"
                : report.Reason ?? "failed");
        return report;
    }

    private string? SkipReason(bool periodic)
    {
        if (periodic && !options.Value.Enabled)
        {
            return "periodic backups are disabled (Backup:Enabled is false)";
        }

        var current = mode.Current;
        if (current.FailoverActive || current.Circuit != CircuitState.Closed)
        {
            return $"the circuit is {current.Circuit} and failover is {(current.FailoverActive ? "active" : "inactive")}: Qdrant is not trusted for a full copy";
        }

        return null;
    }

    private SyncReport Skip(string reason)
    {
        ServiceLog.SyncSkipped(logger, Name, reason);
        state.State.LastSkipReason = reason;
        var report = new SyncReport { Collection = Name, Outcome = SyncOutcome.Skipped, At = time.GetUtcNow(), Reason = reason };
        _ = PublishAsync(ServiceEventKind.SyncSkipped, reason);
        return report;
    }

    private void KeepAliveWhileServing()
    {
        // While failover lasts this activation holds the collection's data: it must not be collected as idle.
        _keepAlive ??= this.RegisterGrainTimer(
            static () => Task.CompletedTask,
            new GrainTimerCreationOptions { DueTime = TimeSpan.FromMinutes(1), Period = TimeSpan.FromMinutes(1), KeepAlive = true });
    }

    private async Task PublishAsync(ServiceEventKind kind, string message)
    {
        try
        {
            await Failover.Publish(new ServiceEvent(kind, time.GetUtcNow(), Name, message, mode.Current.Version));
        }
        catch (Exception exception)
        {
            ServiceLog.PublishFailed(logger, Name, exception.Message);
        }
    }
}
