using Microsoft.Extensions.Logging;
using OrleansFailover.Backups.Format;
using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Storage;
using OrleansFailover.Grains.SyncBack;
using OrleansFailover.VectorStores;
using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.Grains.Collections;

/// <summary>
/// One collection (key: its name), a thin shell around its <see cref="CollectionLifecycle"/>: it feeds the lifecycle
/// what happens and carries out the step it returns. It is the collection's one writer: every write through the
/// service comes here, goes to Qdrant (and the journal, the continuous backup) in Normal, into the journal during
/// failover (Serving, Replaying), and to Qdrant first once sealed; so the journal orders every acknowledged write.
/// Syncs run in <see cref="CollectionSync"/>, restores in <see cref="Restore.BackupRestorer"/>, sync-back in
/// <see cref="SyncBackRun"/>. It waits on the failover grain only for an admission or to report a failed call to
/// Qdrant; the failover grain never waits on it.
/// </summary>
public sealed class CollectionBackupGrain(
    [PersistentState("collection", StorageNames.State)] IPersistentState<CollectionBackupState> state,
    CollectionServices services,
    ILogger<CollectionBackupGrain> logger) : Grain, ICollectionBackupGrain, ICollectionLifecycle, IRemindable
{
    public const string SyncReminder = "sync";

    private readonly CollectionLifecycle _lifecycle = new();
    private CollectionSync _sync = null!;
    private CollectionJournal? _journal;
    private string? _journalError;
    private ServingCopy? _copy;
    private TaskCompletionSource<ServiceMode?>? _restoring;
    private Task? _syncBackRun;
    private bool _syncBackAgain;
    private SyncBackReport? _syncBackProgress;
    private IGrainTimer? _keepAlive;

    private string Name => this.GetPrimaryKeyString();

    private IFailoverGrain Failover => GrainFactory.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);

    private IVectorStore Qdrant => services.Primary.Store;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        CollectionNames.EnsureValid(Name);
        _sync = new CollectionSync(Name, services, state, () => _journal, Publish, logger);
        OpenJournal();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        services.Metrics.Untrack(Name);
        _journal?.Dispose();
        return Task.CompletedTask;
    }

    // ---- Backups: schedule, syncs, status ----

    public Task EnsureScheduled(CollectionSchema? knownSchema = null) => _sync.EnsureScheduledAsync(this, knownSchema);

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == SyncReminder ? Tick() : Task.CompletedTask;

    public Task<SyncOutcome> Tick() => Task.FromResult(_sync.Tick(_lifecycle.Phase));

    public Task<SyncReport> SyncNow() => _sync.SyncNowAsync(_lifecycle.Phase);

    public Task<CollectionStatus> GetStatus() => Task.FromResult(_sync.Status(_lifecycle.Phase) with
    {
        LastRestore = state.State.LastRestore,
        ServingFromBackup = _lifecycle.HasCopy,
        Journal = JournalStatusNow(),
        SyncBack = _syncBackProgress ?? state.State.LastSyncBack,
        HostedOn = services.SiloAddress,
        Phase = _lifecycle.Phase,
    });

    public Task<JournalStatus> GetJournal() => Task.FromResult(JournalStatusNow());

    // ---- Commands from the failover grain ----

    public Task EnterFailover(long modeVersion)
    {
        Carry(_lifecycle.EnterFailover(modeVersion));
        return Task.CompletedTask;
    }

    public Task StartSyncBack(long attempt)
    {
        Carry(_lifecycle.SyncBackRequested(attempt));
        return Task.CompletedTask;
    }

    public Task Return(long modeVersion)
    {
        var step = _lifecycle.Return(modeVersion);
        if (step == LifecycleStep.DrainBeforeReturn)
        {
            CollectionLog.ReturnWithPendingWrites(logger, Name, _journal?.PendingRecords ?? -1);
        }

        Carry(step, modeVersion);
        return Task.CompletedTask;
    }

    // ---- Data ----

    public async Task CreateCollection(CollectionSchema schema)
    {
        var copy = await CopyAsync(allowAbsent: true);
        if (copy.Store.Contains(Name))
        {
            if (!(await copy.Store.GetCollectionAsync(Name)).Schema.Equals(schema))
            {
                throw VectorStoreException.CollectionAlreadyExists(Name);
            }

            return;
        }

        // Nothing was known of it: the collection is new, created while Qdrant is down; sync-back creates it in Qdrant.
        await copy.Store.CreateCollectionAsync(Name, schema);
        state.State.Schema = schema;
        await state.WriteStateAsync();
    }

    public async Task<CollectionInfo> GetCollection() => await (await CopyAsync()).Store.GetCollectionAsync(Name);

    public async Task<IReadOnlyList<VectorPoint>> Get(IReadOnlyList<PointId> ids, bool withPayload, bool withVectors) =>
        (await CopyAsync()).Store.Get(Name, ids, withPayload, withVectors);

    public async Task<long> Count(PointFilter? filter) => await (await CopyAsync()).Store.CountAsync(Name, filter);

    public async Task<ScrollPage> Scroll(ScrollRequest request) => await (await CopyAsync()).Store.ScrollAsync(Name, request);

    public async Task<IReadOnlyList<ScoredPoint>> Search(SearchRequest request) => await (await CopyAsync()).Store.SearchAsync(Name, request);

    public Task Upsert(IReadOnlyList<VectorPoint> points)
    {
        // A point the backup could not hold is refused here, before Qdrant has it: never discovered at restore time.
        foreach (var point in points ?? throw VectorStoreException.InvalidArgument("The batch of points is missing."))
        {
            if (BackupLimits.Default.Check(point) is { } problem)
            {
                throw VectorStoreException.InvalidArgument($"Point {point.Id} of the batch for collection '{Name}' cannot be backed up: {problem}.");
            }
        }

        return WriteAsync(new PointWrite.Upsert(points));
    }

    public Task Delete(IReadOnlyList<PointId> ids) => WriteAsync(new PointWrite.Delete(ids));

    public async Task<SyncBackReport> ReplayJournal()
    {
        var started = services.Time.GetUtcNow();
        var outcome = await ReplayPendingAsync();
        return SyncBackReports.Of(Name, started, services.Time.GetUtcNow(), SyncBackPhase.Replaying, outcome, services.Failover.ConflictRule);
    }

    // ---- Writes ----

    /// <summary>The write goes where the collection's phase says, and is acknowledged only once it is durable there.</summary>
    private async Task WriteAsync(PointWrite write)
    {
        while (true)
        {
            switch (_lifecycle.Phase)
            {
                case CollectionPhase.Normal:
                    if (await TryWriteToQdrantAsync(write))
                    {
                        return;
                    }

                    await CopyAsync(); // Qdrant failed and failover is active now: the write goes to the backup
                    break;
                case CollectionPhase.Serving or CollectionPhase.Replaying:
                    if (await TryJournalAsync(write))
                    {
                        return;
                    }

                    break; // sealed meanwhile: route it again
                case CollectionPhase.Sealed:
                    await WriteThroughAsync(write);
                    return;
                case CollectionPhase.Broken:
                    throw Broken();
                default:
                    await CopyAsync(); // a restore under way, or one to try again
                    break;
            }
        }
    }

    /// <summary>Normal: to Qdrant, then into the journal. False when Qdrant failed and failover is now active.</summary>
    private async Task<bool> TryWriteToQdrantAsync(PointWrite write)
    {
        try
        {
            await write.ApplyAsync(Qdrant, Name);
        }
        catch (VectorStoreException error) when (error.IsStoreFailure)
        {
            var mode = await Failover.ReportPrimaryFailure($"{write.Operation} on '{Name}'", error.Message);
            services.Mode.Offer(mode);
            return mode.FailoverActive ? false : throw error.ForCaller();
        }
        catch (VectorStoreException error) when (error.Kind == VectorStoreErrorKind.Timeout)
        {
            services.Mode.Offer(await Failover.ReportPrimaryTimeout($"{write.Operation} on '{Name}'", error.Message));
            throw error.ForCaller();
        }
        catch (VectorStoreException error)
        {
            throw error.ForCaller();
        }

        await RecordWriteQdrantHoldsAsync(write);
        return true;
    }

    /// <summary>Sealed: Qdrant first; a failure there fails the write (it never goes into a journal that is drained).</summary>
    private async Task WriteThroughAsync(PointWrite write)
    {
        try
        {
            await write.ApplyAsync(Qdrant, Name);
        }
        catch (VectorStoreException error) when (error.IsStoreFailure)
        {
            services.Mode.Offer(await Failover.ReportPrimaryFailure($"{write.Operation} on '{Name}' after the seal", error.Message));
            throw error.ForCaller();
        }
        catch (VectorStoreException error) when (error.Kind == VectorStoreErrorKind.Timeout)
        {
            services.Mode.Offer(await Failover.ReportPrimaryTimeout($"{write.Operation} on '{Name}' after the seal", error.Message));
            throw error.ForCaller();
        }
        catch (VectorStoreException error)
        {
            throw error.ForCaller();
        }

        await RecordWriteQdrantHoldsAsync(write);
    }

    /// <summary>
    /// A write Qdrant acknowledged goes into the journal (and the copy, if there is one) before the caller hears back,
    /// in one step, after any restore under way: the journal and the copy see writes in the same order.
    /// </summary>
    private async Task RecordWriteQdrantHoldsAsync(PointWrite write)
    {
        while (_lifecycle.Phase == CollectionPhase.Restoring && _restoring is { } restoring)
        {
            await restoring.Task;
        }

        var continuousBackup = services.Backup.Enabled || _lifecycle.Phase != CollectionPhase.Normal;
        if (continuousBackup)
        {
            try
            {
                var journal = _journal ?? throw new IOException($"the journal is unusable: {_journalError}");
                journal.Append(JournalOrigin.Primary, write.Operation, write.Points, write.Ids);
                journal.FlushSoon();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                CollectionLog.ContinuousBackupFailed(logger, exception, Name);
                NoticeJournalFailure();
                throw new VectorStoreException(
                    VectorStoreErrorKind.Unavailable,
                    $"The write to '{Name}' reached Qdrant but could not be recorded in its backup journal ({exception.Message}): " +
                    "it may or may not be applied; try it again.");
            }
        }

        if (_lifecycle.HasCopy && _copy is { } copy)
        {
            try
            {
                write.Apply(copy.Store, Name);
            }
            catch (VectorStoreException exception)
            {
                CollectionLog.CopyRefusedWrite(logger, exception, Name);
            }
        }
    }

    /// <summary>Serving or replaying: into the journal (fsync) and the copy. False when the collection sealed meanwhile.</summary>
    private async Task<bool> TryJournalAsync(PointWrite write)
    {
        var writer = _copy?.Writer ?? throw new VectorStoreException(
            VectorStoreErrorKind.Unavailable, $"Qdrant is down and writes to '{Name}' cannot be made durable: {JournalProblem()}.");
        try
        {
            return await write.JournalAsync(writer, () => _lifecycle.TakesFailoverWrites);
        }
        catch (VectorStoreException) when (NoticeJournalFailure())
        {
            throw Broken();
        }
    }

    // ---- The copy ----

    /// <summary>The in-memory copy, once the collection is admitted to failover and restored.</summary>
    private async Task<ServingCopy> CopyAsync(bool allowAbsent = false)
    {
        while (true)
        {
            switch (_lifecycle.Enter())
            {
                case LifecycleStep.Ready:
                    var copy = _copy!;
                    if (!allowAbsent && copy.Report.SchemaUnknown && !copy.Store.Contains(Name))
                    {
                        throw new VectorStoreException(
                            VectorStoreErrorKind.Unavailable, $"Qdrant is down and collection '{Name}' cannot be served from the backup: {copy.Report.Verdict}.");
                    }

                    return copy;
                case LifecycleStep.AdmitAndRestore:
                    StartRestore();
                    break;
                case LifecycleStep.Refuse:
                    throw Broken();
            }

            if (await _restoring!.Task is { } notActive)
            {
                throw new FailoverNotActiveException(Name, notActive);
            }

            if (_lifecycle.Phase == CollectionPhase.RestoreFailed)
            {
                throw new VectorStoreException(
                    VectorStoreErrorKind.Unavailable, $"Qdrant is down and collection '{Name}' cannot be served from the backup: {_lifecycle.RestoreError}.");
            }
        }
    }

    private void StartRestore()
    {
        var done = new TaskCompletionSource<ServiceMode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _restoring = done;
        _ = RestoreAsync(_lifecycle.RestoreAttempt, done);
    }

    /// <summary>Admission, then the restore; the result completes <paramref name="done"/> (with the mode when failover is not active).</summary>
    private async Task RestoreAsync(long attempt, TaskCompletionSource<ServiceMode?> done)
    {
        try
        {
            Admission admission;
            LifecycleStep step;
            do
            {
                admission = await Failover.Admit(Name);
                step = _lifecycle.Admitted(attempt, admission.Directive, admission.Mode.Version);
            }
            while (step == LifecycleStep.AdmitAgain);

            services.Mode.Offer(admission.Mode);
            if (step != LifecycleStep.Restore)
            {
                done.TrySetResult(step == LifecycleStep.NotActive ? admission.Mode : null);
                return;
            }

            var journal = RequireJournal();
            var (report, store) = await services.Restorer.RestoreAsync(Name, state.State.Schema, journal, CancellationToken.None);
            ServingCopy? copy = null;
            if (report.Error is null)
            {
                copy = await PrepareCopyAsync(journal, store, report);
            }

            state.State.LastRestore = report;
            await state.WriteStateAsync();
            Publish(report.Error is not null ? ServiceEventKind.RestoreFailed
                : report.StartedEmpty ? ServiceEventKind.RestoreStartedEmpty
                : ServiceEventKind.RestoreCompleted, report.Verdict);
            Carry(_lifecycle.Restored(attempt, report.Error), copy: copy);
        }
        catch (Exception exception)
        {
            CollectionLog.RestoreFailed(logger, exception, Name);
            Carry(_lifecycle.Restored(attempt, exception.Message));
        }

        done.TrySetResult(null);
    }

    /// <summary>The copy takes failover writes from here on; the first journal record of this failover is remembered.</summary>
    private async Task<ServingCopy> PrepareCopyAsync(CollectionJournal journal, InMemoryVectorStore store, RestoreReport report)
    {
        if (state.State.FailoverEpochStart is null)
        {
            state.State.FailoverEpochStart = journal.NextSequence;
            await state.WriteStateAsync();
        }

        var writer = new FailoverWriter(store, Name, journal);
        writer.Remember(journal.ReadFrom(state.State.FailoverEpochStart.Value));
        return new ServingCopy(store, writer, report);
    }

    // ---- Carrying out the lifecycle's steps ----

    private void Carry(LifecycleStep step, long modeVersion = 0, ServingCopy? copy = null)
    {
        switch (step)
        {
            case LifecycleStep.AdmitAndRestore:
                StartRestore();
                break;
            case LifecycleStep.Ready:
                Install(copy);
                break;
            case LifecycleStep.StartSyncBack:
                Install(copy);
                StartSyncBackRun();
                break;
            case LifecycleStep.DrainBeforeReturn:
                StartSyncBackRun();
                break;
            case LifecycleStep.ReportRestoreAndSyncBackFailed:
                ReportSyncBack(SyncBackReports.Failed(Name, services.Time.GetUtcNow(), services.Time.GetUtcNow(),
                    $"the backup could not be restored: {_lifecycle.RestoreError}", services.Failover.ConflictRule) with
                {
                    Attempt = _lifecycle.SyncBackAttempt ?? 0,
                });
                break;
            case LifecycleStep.DropCopyAndReportReturned:
                DropCopy();
                Failover.Report(new ServingEnded { Collection = Name, ModeVersion = modeVersion == 0 ? _lifecycle.KnownVersion : modeVersion });
                _ = EndFailoverEpochAsync();
                break;
            case LifecycleStep.Deactivate:
                DropCopy();
                this.DeactivateOnIdle();
                break;
        }
    }

    private void Install(ServingCopy? copy)
    {
        if (copy is not null)
        {
            _copy = copy;
        }

        // While failover lasts this activation holds the collection's data: it must not be collected as idle.
        _keepAlive ??= this.RegisterGrainTimer(
            static () => Task.CompletedTask,
            new GrainTimerCreationOptions { DueTime = TimeSpan.FromMinutes(1), Period = TimeSpan.FromMinutes(1), KeepAlive = true });
    }

    private void DropCopy()
    {
        if (_copy is not null)
        {
            _copy = null;
            CollectionLog.ServingEnded(logger, Name);
            Publish(ServiceEventKind.ServingEnded, "traffic is back on Qdrant: the in-memory copy is dropped");
        }

        _keepAlive?.Dispose();
        _keepAlive = null;
    }

    /// <summary>Traffic is back on Qdrant: the next failover's prior images start afresh; a write still pending is replayed now.</summary>
    private async Task EndFailoverEpochAsync()
    {
        if (_journal is { PendingRecords: > 0 } journal)
        {
            CollectionLog.ReturnWithPendingWrites(logger, Name, journal.PendingRecords);
            await ReplayPendingAsync();
        }

        if (state.State.FailoverEpochStart is not null && _lifecycle.Phase == CollectionPhase.Normal)
        {
            state.State.FailoverEpochStart = null;
            await state.WriteStateAsync();
        }
    }

    // ---- Sync-back ----

    private void StartSyncBackRun()
    {
        if (_syncBackRun is { IsCompleted: false })
        {
            _syncBackAgain = true; // the run under way ends at its next check; then this one starts
            return;
        }

        _syncBackRun = RunSyncBackAsync();
    }

    private async Task RunSyncBackAsync()
    {
        do
        {
            _syncBackAgain = false;
            var attempt = _lifecycle.SyncBackAttempt ?? 0;
            var report = await SyncBackOnceAsync(attempt);
            if (report is not null)
            {
                ReportSyncBack(report with { Attempt = attempt });
            }
        }
        while (_syncBackAgain && _lifecycle.Phase == CollectionPhase.Replaying);
    }

    /// <summary>Replay, seal, fresh generation. Null when there is nothing to report (abandoned, or drained for the return).</summary>
    private async Task<SyncBackReport?> SyncBackOnceAsync(long attempt)
    {
        var started = services.Time.GetUtcNow();
        var rule = services.Failover.ConflictRule;
        _syncBackProgress = SyncBackReports.Of(Name, started, started, SyncBackPhase.Replaying, ReplayOutcome.None, rule);
        SyncBackRun? run = null;
        try
        {
            var journal = RequireJournal();
            // After an outage this silo's connection may still be backing off: wait for it (up to the health check's
            // timeout) rather than fail the replay as if Qdrant were down.
            var health = await Qdrant.CheckHealthAsync();
            if (!health.IsHealthy)
            {
                throw new VectorStoreException(VectorStoreErrorKind.Unavailable, $"Qdrant cannot be reached for the replay: {health.Description}");
            }

            CollectionLog.SyncBackStarted(logger, Name, journal.PendingRecords, rule);
            Publish(ServiceEventKind.SyncBackStarted, $"{journal.PendingRecords} journaled write(s) to replay");
            var options = services.Failover;
            run = new SyncBackRun(
                Name, _copy?.Store, Qdrant, journal, state.State.FailoverEpochStart ?? journal.ReplayedThrough + 1,
                _copy?.Report.Points ?? 0, rule, options.ReplayBatchPoints, options.ReseedBelowFraction);
            var sealedNow = await run.RunAsync(
                trySeal: TrySeal,
                keepGoing: () => _lifecycle.Phase == CollectionPhase.Replaying,
                progress: r =>
                {
                    if (r.ReseedReason is not null && _syncBackProgress?.ReseedReason is null)
                    {
                        CollectionLog.Reseeding(logger, Name, r.ReseedReason);
                    }

                    _syncBackProgress = SyncBackReports.Of(Name, started, services.Time.GetUtcNow(), SyncBackPhase.Replaying, r.Outcome, rule) with
                    {
                        ReseedReason = r.ReseedReason,
                    };
                });
            if (!sealedNow)
            {
                _syncBackProgress = null;
                return _lifecycle.Phase == CollectionPhase.Normal
                    ? null // drained for the return: nothing waits for a report
                    : SyncBackReports.Failed(Name, started, services.Time.GetUtcNow(), "failover began again during the replay", rule);
            }

            var replayDuration = services.Time.GetUtcNow() - started;
            Publish(ServiceEventKind.CollectionSealed, $"journal drained ({run.Outcome.RecordsReplayed} records replayed): writes go to Qdrant first");
            _syncBackProgress = SyncBackReports.Of(Name, started, services.Time.GetUtcNow(), SyncBackPhase.Sealed, run.Outcome, rule) with
            {
                ReseedReason = run.ReseedReason,
                ReplayDuration = replayDuration,
            };

            // The journal is in Qdrant: a fresh full generation from it, before traffic returns.
            var fresh = await _sync.FreshGenerationAsync(hasCopy: _copy?.Store.Contains(Name) ?? false);
            if (_lifecycle.SyncBackSucceeded(attempt) != LifecycleStep.ReportSyncBack)
            {
                _syncBackProgress = null;
                return null; // failover began again, or a newer sync-back was asked for: that one reports
            }

            services.Metrics.Replayed(Name, run.Outcome.RecordsReplayed, run.Outcome.Conflicts);
            if (run.Outcome.Conflicts > 0)
            {
                CollectionLog.ConflictsResolved(logger, Name, run.Outcome.Conflicts, rule, run.Outcome.ConflictsKeptPrimary);
            }

            var report = SyncBackReports.Of(Name, started, services.Time.GetUtcNow(), SyncBackPhase.Completed, run.Outcome, rule) with
            {
                ReseedReason = run.ReseedReason,
                Generation = fresh?.Generation,
                FreshGenerationError = fresh is { Outcome: not SyncOutcome.Completed } ? fresh.Reason : null,
                ReplayDuration = replayDuration,
            };
            CollectionLog.SyncBackCompleted(logger, Name, report.Summary, report.Duration.TotalMilliseconds);
            _syncBackProgress = null;
            return report;
        }
        catch (Exception exception)
        {
            CollectionLog.SyncBackFailed(logger, exception, Name);
            var progress = _syncBackProgress;
            _syncBackProgress = null;
            return _lifecycle.SyncBackFailed() == LifecycleStep.ReportSyncBack
                ? (progress ?? SyncBackReports.Of(Name, started, started, SyncBackPhase.Failed, run?.Outcome ?? ReplayOutcome.None, rule)) with
                {
                    Phase = SyncBackPhase.Failed,
                    Error = exception.Message,
                    Duration = services.Time.GetUtcNow() - started,
                }
                : null;
        }
    }

    /// <summary>Runs in the same turn as the check that found the journal drained.</summary>
    private bool TrySeal()
    {
        var step = _lifecycle.Drained();
        if (step == LifecycleStep.DropCopyAndReportReturned)
        {
            Carry(step);
        }

        return step == LifecycleStep.TakeFreshGeneration;
    }

    private void ReportSyncBack(SyncBackReport report)
    {
        state.State.LastSyncBack = report;
        _ = state.WriteStateAsync();
        Publish(report.Phase == SyncBackPhase.Completed ? ServiceEventKind.SyncBackCompleted : ServiceEventKind.SyncBackFailed, report.Summary);
        Failover.Report(new SyncBackFinished { Collection = Name, Report = report });
    }

    /// <summary>Replays every pending failover write into Qdrant without sealing (an operator's <c>sync-back COLLECTION</c>).</summary>
    private async Task<ReplayOutcome> ReplayPendingAsync()
    {
        var journal = RequireJournal();
        var replayer = new JournalReplayer(Qdrant, Name, services.Failover.ConflictRule, services.Failover.ReplayBatchPoints);
        var from = Math.Min(state.State.FailoverEpochStart ?? long.MaxValue, journal.ReplayedThrough + 1);
        var records = journal.ReadFrom(from);
        foreach (var record in records)
        {
            replayer.Learn(record);
        }

        var replayedThrough = journal.ReplayedThrough;
        var pending = records.Where(r => r.Origin == JournalOrigin.Failover && r.Sequence > replayedThrough).ToArray();
        return await replayer.ReplayAsync(pending, journal.MarkReplayedAsync);
    }

    // ---- The journal ----

    private void OpenJournal()
    {
        try
        {
            _journal = CollectionJournal.Open(services.Folder.DirectoryFor(Name), services.Time);
            _journalError = null;
            services.Metrics.Track(Name, _journal);
            if (_journal.Summarize().DroppedTornBytes is > 0 and var dropped)
            {
                CollectionLog.JournalTornTailDropped(logger, Name, dropped);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _journalError = exception.Message;
            CollectionLog.JournalUnusable(logger, exception, Name);
        }
    }

    /// <summary>The journal, opened again if it could not be before (an operator may have repaired it).</summary>
    private CollectionJournal RequireJournal()
    {
        if (_journal is null)
        {
            OpenJournal();
        }

        return _journal ?? throw new IOException($"The journal of '{Name}' is unusable: {_journalError}");
    }

    /// <summary>True when the journal failed (an fsync): the collection is then broken and rebuilt from disk.</summary>
    private bool NoticeJournalFailure()
    {
        if (_journal?.Failure is null)
        {
            return false;
        }

        Carry(_lifecycle.JournalFailed());
        return true;
    }

    private string JournalProblem() => _journal?.Failure?.Message ?? _journalError ?? "the collection holds no copy";

    private JournalStatus JournalStatusNow() => _journal?.Summarize() ?? new JournalStatus { Error = _journalError };

    private VectorStoreException Broken() => new(
        VectorStoreErrorKind.Unavailable,
        $"Collection '{Name}' lost its journal ({JournalProblem()}); it is being rebuilt from disk: try again.");

    private void Publish(ServiceEventKind kind, string message) => Failover.Report(new CollectionEventReport
    {
        Collection = Name,
        Event = new ServiceEvent(kind, services.Time.GetUtcNow(), Name, message, _lifecycle.KnownVersion),
    });

    /// <summary>The in-memory copy the collection serves, with its writer and how it was restored.</summary>
    private sealed record ServingCopy(InMemoryVectorStore Store, FailoverWriter Writer, RestoreReport Report);
}
