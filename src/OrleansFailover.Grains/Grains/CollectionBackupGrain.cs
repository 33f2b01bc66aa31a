using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFailover.Backups.Journal;
using OrleansFailover.Backups.Storage;
using OrleansFailover.Backups.Sync;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Logging;
using OrleansFailover.Grains.Options;
using OrleansFailover.Grains.Services;
using OrleansFailover.Grains.SyncBack;
using OrleansFailover.Grains.Telemetry;

namespace OrleansFailover.Grains.Grains;

/// <summary>
/// One collection's backup. A reminder tick starts a sync in the background and returns at once; one sync
/// runs at a time; ticks are skipped while the circuit is not closed. Writes Qdrant acknowledged go to the
/// collection's journal (the continuous backup between syncs). On failover it validates and restores its backup,
/// plus the journal, into this silo's in-memory store and serves the collection from there, journaling every
/// write durably before acknowledging it; on recovery it replays the journal into Qdrant (sync-back) and takes a
/// fresh generation before traffic returns.
/// </summary>
public sealed class CollectionBackupGrain(
    [PersistentState("collection", StorageNames.State)] IPersistentState<CollectionBackupState> state,
    PrimaryStore primary,
    BackupStore backup,
    BackupFolder folder,
    BackupRestorer restorer,
    ServiceModeCache mode,
    IOptions<BackupOptions> options,
    IOptions<FailoverOptions> failoverOptions,
    ServiceTime time,
    ILocalSiloDetails silo,
    FailoverMetrics metrics,
    ILogger<CollectionBackupGrain> logger) : Grain, ICollectionBackupGrain, IRemindable
{
    public const string SyncReminder = "sync";

    private Task<SyncReport>? _sync;
    private Task<RestoreReport>? _restore;
    private SyncBackAttempts? _syncBacks;
    private SyncBackReport? _syncBackProgress;
    private FailoverWriter? _writer;
    private bool _sealed;
    private IGrainTimer? _keepAlive;
    private DateTimeOffset? _nextDue;
    private CollectionJournal? _journal;
    private string? _journalError;

    private string Name => this.GetPrimaryKeyString();

    private IFailoverGrain Failover => GrainFactory.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        CollectionNames.EnsureValid(Name);
        try
        {
            _journal = CollectionJournal.Open(folder.DirectoryFor(Name), time);
            metrics.Track(Name, _journal);
            var dropped = _journal.Summarize().DroppedTornBytes;
            if (dropped > 0)
            {
                ServiceLog.JournalTornTailDropped(logger, Name, dropped);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _journalError = exception.Message;
            ServiceLog.JournalUnusable(logger, Name, exception.Message);
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The in-memory copy belongs to this activation; another one restores its own (backup plus journal).
        if (_restore is not null)
        {
            await backup.Store.DeleteCollectionAsync(Name, cancellationToken);
        }

        metrics.Untrack(Name);
        _journal?.Dispose();
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
            Journal = JournalStatusNow(),
            SyncBack = _syncBackProgress ?? state.State.LastSyncBack,
            HostedOn = silo.SiloAddress.ToString(),
        });
    }

    public Task<JournalStatus> GetJournal() => Task.FromResult(JournalStatusNow());

    public Task<RestoreReport> PrepareFailover()
    {
        // Failover (again): a sync-back that had drained the journal stops sending writes to Qdrant.
        _sealed = false;
        return _restore ??= RestoreAsync();
    }

    public async Task EndFailover()
    {
        if (state.State.FailoverEpochStart is not null)
        {
            // The journal is replayed: the next failover's prior images start afresh.
            state.State.FailoverEpochStart = null;
            await state.WriteStateAsync();
        }

        if (_restore is null)
        {
            return;
        }

        var restore = _restore;
        _restore = null;
        _writer = null;
        _sealed = false;
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
        await BeginServingAsync();
    }

    public async Task<CollectionInfo> GetCollection() => await (await ServingStoreAsync()).GetCollectionAsync(Name);

    public async Task Upsert(IReadOnlyList<VectorPoint> points)
    {
        var writer = await WriterAsync();
        if (_sealed && await TryWriteThroughAsync(() => primary.Store.UpsertAsync(Name, points)))
        {
            await backup.Store.UpsertAsync(Name, points);
            JournalPrimaryWrite(JournalOperation.Upsert, points, []);
            return;
        }

        await writer.UpsertAsync(points);
    }

    public async Task Delete(IReadOnlyList<PointId> ids)
    {
        var writer = await WriterAsync();
        if (_sealed && await TryWriteThroughAsync(() => primary.Store.DeleteAsync(Name, ids)))
        {
            await backup.Store.DeleteAsync(Name, ids);
            JournalPrimaryWrite(JournalOperation.Delete, [], ids);
            return;
        }

        await writer.DeleteAsync(ids);
    }

    public async Task RecordUpserts(IReadOnlyList<VectorPoint> points)
    {
        JournalPrimaryWrite(JournalOperation.Upsert, points, []);
        if (await ServingOnceRestoredAsync())
        {
            // A router that had not yet learned of the failover wrote to Qdrant: the in-memory copy follows.
            await ApplyToMemoryAsync(() => backup.Store.UpsertAsync(Name, points));
        }
    }

    public async Task RecordDeletes(IReadOnlyList<PointId> ids)
    {
        JournalPrimaryWrite(JournalOperation.Delete, [], ids);
        if (await ServingOnceRestoredAsync())
        {
            await ApplyToMemoryAsync(() => backup.Store.DeleteAsync(Name, ids));
        }
    }

    public async Task<IReadOnlyList<VectorPoint>> Get(IReadOnlyList<PointId> ids, bool withPayload, bool withVectors) =>
        await (await ServingStoreAsync()).GetAsync(Name, ids, withPayload, withVectors);

    public async Task<long> Count(PointFilter? filter) => await (await ServingStoreAsync()).CountAsync(Name, filter);

    public async Task<ScrollPage> Scroll(ScrollRequest request) => await (await ServingStoreAsync()).ScrollAsync(Name, request);

    public async Task<IReadOnlyList<ScoredPoint>> Search(SearchRequest request) =>
        await (await ServingStoreAsync()).SearchAsync(Name, request);

    public Task StartSyncBack(long attempt)
    {
        _syncBacks ??= new SyncBackAttempts(RunSyncBackAsync);
        _syncBacks.Request(attempt);
        return Task.CompletedTask;
    }

    public async Task<SyncBackReport> ReplayJournal()
    {
        var journal = RequireJournal();
        var started = time.GetUtcNow();
        var replayedThrough = journal.ReplayedThrough;
        var epochStart = state.State.FailoverEpochStart ?? replayedThrough + 1;
        // One read serves both: the failover epoch (what the replayer learns from) and what is still to replay.
        var records = journal.ReadFrom(Math.Min(epochStart, replayedThrough + 1));
        var replayer = new JournalReplayer(
            primary.Store, Name, records.Where(r => r.Sequence >= epochStart),
            failoverOptions.Value.ConflictRule, failoverOptions.Value.ReplayBatchPoints);
        var pending = records.Where(r => r.Origin == JournalOrigin.Failover && r.Sequence > replayedThrough).ToArray();
        var outcome = await replayer.ReplayAsync(pending, journal.MarkReplayedAsync);
        return Report(started, SyncBackPhase.Replaying, outcome, reseedReason: null);
    }

    /// <summary>
    /// Whether the in-memory copy serves, once a restore under way has finished: a write that reached Qdrant while
    /// the restore read the journal may have come too late for it, and is applied after it.
    /// </summary>
    private async Task<bool> ServingOnceRestoredAsync()
    {
        if (_restore is not { } restore)
        {
            return false;
        }

        try
        {
            return (await restore).Error is null;
        }
        catch (Exception)
        {
            return false; // reported where the restore failed
        }
    }

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

    private async Task<FailoverWriter> WriterAsync()
    {
        await ServingStoreAsync();
        return _writer ?? throw new VectorStoreException(
            VectorStoreErrorKind.Unavailable,
            $"Qdrant is down and writes to '{Name}' cannot be made durable: the journal is unusable ({_journalError}).");
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
        var report = await restorer.RestoreAsync(Name, state.State.Schema, _journal, CancellationToken.None);
        state.State.LastRestore = report;
        await state.WriteStateAsync();
        if (report.Error is null)
        {
            await BeginServingAsync();
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

    /// <summary>The in-memory copy is ready: writes are journaled from here on, and failover's first journal record is remembered.</summary>
    private async Task BeginServingAsync()
    {
        KeepAliveWhileServing();
        if (_journal is null)
        {
            return;
        }

        if (state.State.FailoverEpochStart is null)
        {
            state.State.FailoverEpochStart = _journal.NextSequence;
            await state.WriteStateAsync();
        }

        _writer = new FailoverWriter(backup.Store, Name, _journal);
        _writer.Remember(_journal.ReadFrom(state.State.FailoverEpochStart.Value));
    }

    private async Task RunSyncBackAsync(long attempt)
    {
        var started = time.GetUtcNow();
        var rule = failoverOptions.Value.ConflictRule;
        _syncBackProgress = Report(started, SyncBackPhase.Replaying, ReplayOutcome.None, null);
        SyncBackReport report;
        try
        {
            var restore = await ServeFromBackupAsync();
            var journal = RequireJournal();

            // After an outage this silo's connection may still be backing off: wait for it (up to the health
            // check's timeout) rather than fail the replay as if Qdrant were down.
            var health = await primary.Store.CheckHealthAsync();
            if (!health.IsHealthy)
            {
                throw new VectorStoreException(VectorStoreErrorKind.Unavailable, $"Qdrant cannot be reached for the replay: {health.Description}");
            }

            ServiceLog.SyncBackStarted(logger, Name, journal.PendingRecords, rule);
            await PublishAsync(ServiceEventKind.SyncBackStarted, $"{journal.PendingRecords} journaled write(s) to replay");
            var run = new SyncBackRun(
                Name, backup.Store, primary.Store, journal,
                state.State.FailoverEpochStart ?? journal.ReplayedThrough + 1,
                restore.Error is null ? restore.Points : 0,
                rule, failoverOptions.Value.ReplayBatchPoints, failoverOptions.Value.ReseedBelowFraction);
            await run.RunAsync(
                seal: () => _sealed = true,
                progress: r =>
                {
                    if (r.ReseedReason is not null && _syncBackProgress?.ReseedReason is null)
                    {
                        ServiceLog.Reseeding(logger, Name, r.ReseedReason);
                    }

                    _syncBackProgress = Report(started, SyncBackPhase.Replaying, r.Outcome, r.ReseedReason);
                });
            var replayDuration = time.GetUtcNow() - started;
            _syncBackProgress = Report(started, SyncBackPhase.Sealed, run.Outcome, run.ReseedReason) with { ReplayDuration = replayDuration };

            // The journal is in Qdrant: a fresh full generation from it, before traffic returns.
            var sync = await RunSyncAsync();
            if (sync.Outcome != SyncOutcome.Completed)
            {
                throw new InvalidOperationException($"the fresh generation after the replay failed: {sync.Reason}");
            }

            metrics.Replayed(Name, run.Outcome.RecordsReplayed, run.Outcome.Conflicts);
            if (run.Outcome.Conflicts > 0)
            {
                ServiceLog.ConflictsResolved(logger, Name, run.Outcome.Conflicts, rule, run.Outcome.ConflictsKeptPrimary);
            }

            report = Report(started, SyncBackPhase.Completed, run.Outcome, run.ReseedReason) with
            {
                Generation = sync.Generation,
                ReplayDuration = replayDuration,
            };
            ServiceLog.SyncBackCompleted(logger, Name, report.Summary, report.Duration.TotalMilliseconds);
        }
        catch (Exception exception)
        {
            _sealed = false;
            var progress = _syncBackProgress;
            report = (progress ?? Report(started, SyncBackPhase.Failed, ReplayOutcome.None, null)) with
            {
                Phase = SyncBackPhase.Failed,
                Error = exception.Message,
                Duration = time.GetUtcNow() - started,
            };
            ServiceLog.SyncBackFailed(logger, Name, exception.Message);
        }

        _syncBackProgress = null;
        report = report with { Attempt = attempt };
        state.State.LastSyncBack = report;
        await state.WriteStateAsync();
        await PublishAsync(
            report.Phase == SyncBackPhase.Completed ? ServiceEventKind.SyncBackCompleted : ServiceEventKind.SyncBackFailed, report.Summary);
        try
        {
            await Failover.CompleteSyncBack(report);
        }
        catch (Exception exception)
        {
            // The failover grain restarts pending sync-backs when it activates again.
            ServiceLog.SyncBackFailed(logger, Name, $"could not report to the failover grain: {exception.Message}");
        }
    }

    private SyncBackReport Report(DateTimeOffset started, SyncBackPhase phase, ReplayOutcome outcome, string? reseedReason) => new()
    {
        Collection = Name,
        StartedAt = started,
        Phase = phase,
        RecordsReplayed = outcome.RecordsReplayed,
        PointsUpserted = outcome.PointsUpserted,
        PointsDeleted = outcome.PointsDeleted,
        Conflicts = outcome.Conflicts,
        ConflictsKeptPrimary = outcome.ConflictsKeptPrimary,
        Rule = failoverOptions.Value.ConflictRule,
        ReseedReason = reseedReason,
        Duration = time.GetUtcNow() - started,
    };

    /// <summary>
    /// While sealed (sync-back drained the journal), writes go to Qdrant first. If Qdrant fails the write, failover
    /// is back: the collection unseals, the failure is reported, and the write is journaled like any failover write.
    /// </summary>
    private async Task<bool> TryWriteThroughAsync(Func<Task> write)
    {
        try
        {
            await write();
            return true;
        }
        catch (VectorStoreException error) when (error.IsStoreFailure)
        {
            _sealed = false;
            mode.Offer(await Failover.ReportPrimaryFailure($"write-through to '{Name}' during sync-back", error.Message));
            return false;
        }
    }

    private void JournalPrimaryWrite(JournalOperation operation, IReadOnlyList<VectorPoint> points, IReadOnlyList<PointId> ids)
    {
        if (_journal is null)
        {
            ServiceLog.ContinuousBackupFailed(logger, Name, $"the journal is unusable: {_journalError}");
            return;
        }

        try
        {
            _journal.Append(JournalOrigin.Primary, operation, points, ids);
            _journal.FlushSoon();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            ServiceLog.ContinuousBackupFailed(logger, Name, exception.Message);
        }
    }

    private async Task ApplyToMemoryAsync(Func<Task> apply)
    {
        try
        {
            await apply();
        }
        catch (VectorStoreException exception)
        {
            ServiceLog.ContinuousBackupFailed(logger, Name, exception.Message);
        }
    }

    private CollectionJournal RequireJournal() => _journal ?? throw new InvalidOperationException(
        $"The journal of '{Name}' is unusable: {_journalError}");

    private JournalStatus JournalStatusNow() => _journal?.Summarize() ?? new JournalStatus { Error = _journalError };

    private async Task<SyncReport> RunSyncAsync()
    {
        var started = time.GetUtcNow();
        SyncReport report;
        try
        {
            var store = primary.Store;
            // Writes from here on are in the journal segment this starts; the generation says where it begins.
            var journalSequence = _journal?.StartSegment();
            var snapshotOptions = new SnapshotOptions { PageSize = options.Value.PageSize, JournalSequence = journalSequence };
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
            if (journalSequence is not null)
            {
                state.State.GenerationJournalSequences[result.Generation.Generation] = journalSequence.Value;
                DropFoldedJournalSegments();
            }

            ServiceLog.SyncCompleted(logger, Name, report.Generation ?? 0, report.Points, report.Bytes, report.Duration.TotalMilliseconds);
            metrics.SyncCompleted(Name, report.Duration, report.Points, report.Bytes);
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
            metrics.SyncFailed(Name, report.Duration);
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

    /// <summary>
    /// Journal segments before the oldest retained generation's copy are folded into every generation a restore
    /// may fall back to; they go. Unknown positions (generations from before journals) keep everything, and so
    /// does a pending failover write.
    /// </summary>
    private void DropFoldedJournalSegments()
    {
        var retained = folder.ListGenerations(Name).Select(g => g.Generation).ToHashSet();
        var positions = state.State.GenerationJournalSequences;
        foreach (var gone in positions.Keys.Where(g => !retained.Contains(g)).ToArray())
        {
            positions.Remove(gone);
        }

        if (_journal is null || _journal.PendingRecords > 0 || retained.Any(g => !positions.ContainsKey(g)))
        {
            return;
        }

        _journal.DropBefore(positions.Values.Min());
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
