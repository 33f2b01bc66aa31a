using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
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
/// what happens and carries out the step it returns. Every call on the collection through the service comes here,
/// reads and writes alike, so the collection's phase alone decides where each goes: to Qdrant (and, for a write, the
/// journal: the continuous backup) while Normal; to the in-memory copy and the journal (fsync before the ack) during
/// failover; reads from the copy and writes to Qdrant first once sealed. No cached mode elsewhere can send a read
/// around a write this grain journaled. Syncs run in <see cref="CollectionSync"/>, restores in
/// <see cref="Restore.BackupRestorer"/>, sync-back in <see cref="SyncBackRun"/>.
/// Reentrant: calls interleave at their awaits (a slow Qdrant call never holds up the others, and concurrent
/// failover writes share one fsync); every decision is taken from the lifecycle in a single turn, with no await
/// between the check and the act. It waits on the failover grain only for an admission or to report a failed call
/// to Qdrant; the failover grain never waits on it.
/// </summary>
[Reentrant]
public sealed class CollectionBackupGrain(
    [PersistentState("collection", StorageNames.State)] IPersistentState<CollectionBackupState> state,
    CollectionServices services,
    ILogger<CollectionBackupGrain> logger) : Grain, ICollectionBackupGrain, ICollectionLifecycle, IRemindable
{
    public const string SyncReminder = "sync";

    private readonly CollectionLifecycle _lifecycle = new();
    private readonly PointWriteOrder _writeOrder = new();
    private readonly SemaphoreSlim _stateWrites = new(1, 1);
    private readonly SemaphoreSlim _replays = new(1, 1);
    private CollectionSync _sync = null!;
    private CollectionJournal? _journal;
    private string? _journalError;
    private ServingCopy? _copy;
    private TaskCompletionSource<ServiceMode?>? _restoring;
    private TaskCompletionSource? _drained;
    private Task? _syncBackRun;
    private bool _syncBackAgain;
    private SyncBackReport? _syncBackProgress;
    private IGrainTimer? _keepAlive;

    private string Name => this.GetPrimaryKeyString();

    private IFailoverGrain Failover => GrainFactory.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);

    private IVectorStore Qdrant => services.Primary.Store;

    private bool PendingWrites => _journal is { PendingRecords: > 0 };

    /// <summary>
    /// On Qdrant as far as this collection knows: Normal, nothing journaled to replay, and this silo has not heard of a
    /// failover newer than what the collection acted on (a collection the failover grain's command has not reached yet
    /// asks for admission as soon as its silo knows).
    /// </summary>
    private bool OnQdrant =>
        _lifecycle.Phase == CollectionPhase.Normal && !PendingWrites
        && !(services.Mode.Current is { FailoverActive: true } mode && mode.Version > _lifecycle.KnownVersion);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        CollectionNames.EnsureValid(Name);
        _sync = new CollectionSync(Name, services, state, () => _journal, PersistAsync, Publish, logger);
        OpenJournal();
        if (PendingWrites)
        {
            // Journaled writes not yet in Qdrant: the failover grain must know this collection, whatever its state says.
            await Failover.RegisterCollection(Name);
        }
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
        var pending = PendingWrites;
        var step = _lifecycle.Return(modeVersion, pending);
        if (pending && step != LifecycleStep.Ignore)
        {
            CollectionLog.ReturnWithPendingWrites(logger, Name, _journal!.PendingRecords);
        }

        Carry(step, modeVersion);
        return Task.CompletedTask;
    }

    // ---- Reads ----

    public async Task CreateCollection(CollectionSchema schema)
    {
        RequestChecks.EnsureSchema(Name, schema);
        await ReadAsync("create collection", CreateInQdrantAsync, async copy =>
        {
            if (copy.Store.Contains(Name))
            {
                return (await copy.Store.GetCollectionAsync(Name)).Schema.Equals(schema)
                    ? true
                    : throw VectorStoreException.InvalidArgument($"Collection '{Name}' exists with a different vector configuration.");
            }

            // Nothing was known of it: the collection is new, created while Qdrant is down; sync-back creates it in Qdrant.
            await copy.Store.CreateCollectionAsync(Name, schema);
            state.State.Schema = schema;
            await PersistAsync();
            return true;
        }, allowAbsent: true);

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

            return (await qdrant.GetCollectionAsync(Name)).Schema.Equals(schema)
                ? true
                : throw VectorStoreException.InvalidArgument($"Collection '{Name}' exists with a different vector configuration.");
        }
    }

    public Task<bool> CollectionExists() => ReadAsync(
        "collection exists", qdrant => qdrant.CollectionExistsAsync(Name), copy => Task.FromResult(copy.Store.Contains(Name)), allowAbsent: true);

    public Task<CollectionInfo> GetCollection() =>
        ReadAsync("get collection", qdrant => qdrant.GetCollectionAsync(Name), copy => copy.Store.GetCollectionAsync(Name));

    public Task<IReadOnlyList<VectorPoint>> Get(IReadOnlyList<PointId> ids, bool withPayload, bool withVectors) =>
        ReadAsync("get points", qdrant => qdrant.GetAsync(Name, ids, withPayload, withVectors), copy => copy.Store.GetAsync(Name, ids, withPayload, withVectors));

    public Task<long> Count(PointFilter? filter) =>
        ReadAsync("count", qdrant => qdrant.CountAsync(Name, filter), copy => copy.Store.CountAsync(Name, filter));

    public Task<ScrollPage> Scroll(ScrollRequest request) =>
        ReadAsync("scroll", qdrant => qdrant.ScrollAsync(Name, request), copy => copy.Store.ScrollAsync(Name, request));

    public Task<IReadOnlyList<ScoredPoint>> Search(SearchRequest request) =>
        ReadAsync("search", qdrant => qdrant.SearchAsync(Name, request), copy => copy.Store.SearchAsync(Name, request));

    /// <summary>From Qdrant while Normal (with nothing journaled to replay); from the copy otherwise.</summary>
    private async Task<T> ReadAsync<T>(string operation, Func<IVectorStore, Task<T>> fromQdrant, Func<ServingCopy, Task<T>> fromCopy, bool allowAbsent = false)
    {
        while (true)
        {
            if (OnQdrant)
            {
                try
                {
                    return await fromQdrant(Qdrant);
                }
                catch (VectorStoreException error) when (error.IsStoreFailure || error.Kind == VectorStoreErrorKind.Timeout)
                {
                    if (!(await ReportAsync($"{operation} on '{Name}'", error)).FailoverActive)
                    {
                        throw error.ForCaller();
                    }

                    // Failover is active: this read is answered from the backup.
                    var restored = await CopyAsync(allowAbsent, enter: true);
                    if (restored is not null)
                    {
                        return await fromCopy(restored);
                    }

                    continue;
                }
                catch (VectorStoreException error)
                {
                    throw error.ForCaller();
                }
            }

            var copy = await CopyAsync(allowAbsent, enter: true);
            if (copy is not null)
            {
                return await fromCopy(copy);
            }
        }
    }

    // ---- Writes ----

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

    public Task Delete(IReadOnlyList<PointId> ids) =>
        WriteAsync(new PointWrite.Delete(ids ?? throw VectorStoreException.InvalidArgument("The list of ids is missing.")));

    public async Task<SyncBackReport> ReplayJournal()
    {
        var started = services.Time.GetUtcNow();
        var outcome = await ReplayPendingAsync();
        return SyncBackReports.Of(Name, started, services.Time.GetUtcNow(), SyncBackPhase.Replaying, outcome, services.Failover.ConflictRule);
    }

    /// <summary>The write goes where the collection's phase says, and is acknowledged only once it is durable there.</summary>
    private async Task WriteAsync(PointWrite write)
    {
        while (true)
        {
            switch (_lifecycle.Phase)
            {
                case CollectionPhase.Normal when OnQdrant:
                    if (await TryWriteToQdrantFirstAsync(write, sealedPhase: false))
                    {
                        return;
                    }

                    // Qdrant failed and failover is active now: the write goes to the backup, once it is restored.
                    await CopyAsync(allowAbsent: true, enter: _lifecycle.Phase == CollectionPhase.Normal);
                    break;
                case CollectionPhase.Serving or CollectionPhase.Replaying:
                    if (await TryJournalAsync(write))
                    {
                        return;
                    }

                    break; // drained or sealed meanwhile: route it again
                case CollectionPhase.Draining:
                    // The last journaled writes are being replayed: this one waits for the seal (a batch's time).
                    await (_drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                    break;
                case CollectionPhase.Sealed:
                    if (await TryWriteToQdrantFirstAsync(write, sealedPhase: true))
                    {
                        return;
                    }

                    break; // Qdrant failed and failover began again: the write goes into the journal
                case CollectionPhase.Broken:
                    throw Broken();
                default:
                    await CopyAsync(allowAbsent: true, enter: true); // a restore under way, one to try again, or a journal to drain
                    break;
            }
        }
    }

    /// <summary>
    /// Normal or sealed: Qdrant first, then the journal (and the copy). False when Qdrant failed and the collection is
    /// now to take the write into its journal (failover is active, and again for this collection).
    /// </summary>
    private async Task<bool> TryWriteToQdrantFirstAsync(PointWrite write, bool sealedPhase)
    {
        using var turn = await _writeOrder.TakeTurnAsync(write.Ids.Concat(write.Points.Select(p => p.Id)));
        if (sealedPhase ? _lifecycle.Phase != CollectionPhase.Sealed : !OnQdrant)
        {
            return false; // the phase moved while this write waited its turn
        }

        var operation = $"{write.Operation} on '{Name}'{(sealedPhase ? " after the seal" : string.Empty)}";
        try
        {
            await write.ApplyAsync(Qdrant, Name);
        }
        catch (VectorStoreException error) when (error.IsStoreFailure)
        {
            var mode = await ReportAsync(operation, error);
            if (!sealedPhase)
            {
                return mode.FailoverActive ? false : throw error.ForCaller();
            }

            if (mode is { Circuit: CircuitState.Open })
            {
                // Failover began again and this collection missed the command: it takes the write into its journal.
                Carry(_lifecycle.EnterFailover(mode.Version));
            }

            return _lifecycle.TakesFailoverWrites ? false : throw error.ForCaller();
        }
        catch (VectorStoreException error) when (error.Kind == VectorStoreErrorKind.Timeout)
        {
            await ReportAsync(operation, error);
            throw error.ForCaller();
        }
        catch (VectorStoreException error)
        {
            throw error.ForCaller();
        }

        await RecordWriteQdrantHoldsAsync(write);
        return true;
    }

    /// <summary>
    /// A write Qdrant acknowledged goes into the journal (and the copy, if there is one) before the caller hears back,
    /// in one step, after any restore under way: the journal and the copy see writes in the same order. Outside Normal
    /// the record is on disk before the ack (it orders the replay); in Normal it is fsynced within the flush delay.
    /// </summary>
    private async Task RecordWriteQdrantHoldsAsync(PointWrite write)
    {
        while (_lifecycle.Phase == CollectionPhase.Restoring && _restoring is { } restoring)
        {
            await restoring.Task;
        }

        var normal = _lifecycle.Phase == CollectionPhase.Normal;
        if (services.Backup.Enabled || !normal)
        {
            try
            {
                var journal = _journal ?? throw new IOException($"the journal is unusable: {_journalError}");
                var record = journal.Append(JournalOrigin.Primary, write.Operation, write.Points, write.Ids);
                if (_lifecycle.HasCopy && _copy is { } copy)
                {
                    ApplyToCopy(write, copy);
                }

                if (normal)
                {
                    journal.FlushSoon();
                }
                else
                {
                    await journal.WaitDurableAsync(record.Sequence);
                }
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
        else if (_lifecycle.HasCopy && _copy is { } copy)
        {
            ApplyToCopy(write, copy);
        }
    }

    private void ApplyToCopy(PointWrite write, ServingCopy copy)
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

    /// <summary>Serving or replaying: into the journal (fsync) and the copy. False when the collection drained or sealed meanwhile.</summary>
    private async Task<bool> TryJournalAsync(PointWrite write)
    {
        var copy = _copy ?? throw new VectorStoreException(
            VectorStoreErrorKind.Unavailable, $"Qdrant is down and writes to '{Name}' cannot be made durable: {JournalProblem()}.");
        if (copy.Report.SchemaUnknown && !copy.Store.Contains(Name))
        {
            throw Unservable(copy.Report.Verdict);
        }

        try
        {
            return await write.JournalAsync(copy.Writer, () => _lifecycle.TakesFailoverWrites && _copy == copy);
        }
        catch (VectorStoreException) when (NoticeJournalFailure())
        {
            throw Broken();
        }
    }

    // ---- The copy ----

    /// <summary>
    /// The in-memory copy, once the collection is admitted to failover and restored; null when the collection is (or
    /// turned out to be) on Qdrant, so the caller goes there. <paramref name="enter"/>: a call to Qdrant failed and
    /// failover is active, so a Normal collection asks to serve from its backup. Waits while a restore or a drain is
    /// under way.
    /// </summary>
    private async Task<ServingCopy?> CopyAsync(bool allowAbsent, bool enter = false)
    {
        while (true)
        {
            if (OnQdrant && !enter)
            {
                return null;
            }

            enter = false;
            switch (_lifecycle.Enter())
            {
                case LifecycleStep.Ready:
                    var copy = _copy!;
                    if (!allowAbsent && copy.Report.SchemaUnknown && !copy.Store.Contains(Name))
                    {
                        throw Unservable(copy.Report.Verdict);
                    }

                    return copy;
                case LifecycleStep.AdmitAndRestore:
                    StartRestore();
                    break;
                case LifecycleStep.Refuse:
                    throw Broken();
            }

            if (_lifecycle.Phase == CollectionPhase.Restoring && _restoring is { } restoring && await restoring.Task is not null)
            {
                return null; // failover is not active: back to Qdrant
            }

            if (_lifecycle.Phase == CollectionPhase.RestoreFailed)
            {
                throw Unservable(_lifecycle.RestoreError ?? "the restore failed");
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
                step = _lifecycle.Admitted(attempt, admission.Directive, admission.Mode.Version, PendingWrites);
            }
            while (step == LifecycleStep.AdmitAgain);

            services.Mode.Offer(admission.Mode);
            if (step != LifecycleStep.Restore)
            {
                done.TrySetResult(step == LifecycleStep.NotActive ? admission.Mode : null);
                return;
            }

            var journal = RequireJournal();
            var (report, store) = await services.Restorer.RestoreAsync(
                Name, state.State.Schema, journal, state.State.FailoverEpochStart, CancellationToken.None);
            var current = _lifecycle.Phase == CollectionPhase.Restoring && attempt == _lifecycle.RestoreAttempt;
            var copy = report.Error is null && current ? PrepareCopy(journal, store, report) : null;
            Publish(report.Error is not null ? ServiceEventKind.RestoreFailed
                : report.StartedEmpty ? ServiceEventKind.RestoreStartedEmpty
                : ServiceEventKind.RestoreCompleted, report.Verdict);
            Carry(_lifecycle.Restored(attempt, report.Error, PendingWrites), copy: copy);
            if (current)
            {
                state.State.LastRestore = report;
                await PersistAsync();
            }
        }
        catch (Exception exception)
        {
            CollectionLog.RestoreFailed(logger, exception, Name);
            Carry(_lifecycle.Restored(attempt, exception.Message, PendingWrites));
        }

        done.TrySetResult(null);
    }

    /// <summary>The copy takes failover writes from here on; the first journal record of this failover is remembered.</summary>
    private ServingCopy PrepareCopy(CollectionJournal journal, InMemoryVectorStore store, RestoreReport report)
    {
        state.State.FailoverEpochStart ??= journal.NextSequence;
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
                var now = services.Time.GetUtcNow();
                ReportSyncBack(SyncBackReports.Failed(Name, now, now, $"the backup could not be restored: {_lifecycle.RestoreError}", services.Failover.ConflictRule)
                    with { Attempt = _lifecycle.SyncBackAttempt ?? 0 });
                break;
            case LifecycleStep.ReportSyncBackAgain when state.State.LastSyncBack is { } last && last.Attempt == _lifecycle.SyncBackAttempt:
                Failover.Report(new SyncBackFinished { Collection = Name, Report = last });
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

        ReleaseWaitingWrites();
    }

    /// <summary>Writes that waited for the seal go on once the collection no longer drains, whatever came of it.</summary>
    private void ReleaseWaitingWrites()
    {
        if (_lifecycle.Phase != CollectionPhase.Draining && _drained is { } drained)
        {
            _drained = null;
            drained.TrySetResult();
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

    /// <summary>Traffic is back on Qdrant: the next failover's prior images start afresh.</summary>
    private async Task EndFailoverEpochAsync()
    {
        try
        {
            if (state.State.FailoverEpochStart is not null && _lifecycle.Phase == CollectionPhase.Normal && !PendingWrites)
            {
                state.State.FailoverEpochStart = null;
                await PersistAsync();
            }
        }
        catch (Exception exception)
        {
            CollectionLog.StateNotWritten(logger, exception, Name);
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
        while (_syncBackAgain && _lifecycle.Phase is CollectionPhase.Replaying or CollectionPhase.Draining);
    }

    /// <summary>Replay, seal, fresh generation. Null when there is nothing to report (abandoned, or drained for the return).</summary>
    private async Task<SyncBackReport?> SyncBackOnceAsync(long attempt)
    {
        var started = services.Time.GetUtcNow();
        var rule = services.Failover.ConflictRule;
        _syncBackProgress = SyncBackReports.Of(Name, started, started, SyncBackPhase.Replaying, ReplayOutcome.None, rule);
        SyncBackRun? run = null;
        await _replays.WaitAsync();
        var replaying = true;
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
                finalDrain: () => _lifecycle.FinalDrain(),
                keepGoing: () => _lifecycle.Phase is CollectionPhase.Replaying or CollectionPhase.Draining,
                progress: r =>
                {
                    CollectionLog.SyncBackProgress(logger, Name, r.Outcome.RecordsReplayed, journal.PendingRecords, _lifecycle.Phase);
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
            _replays.Release();
            replaying = false;

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
            if (exception is VectorStoreException { IsStoreFailure: true } failure)
            {
                await ReportAsync($"sync-back of '{Name}'", failure);
            }

            var progress = _syncBackProgress;
            _syncBackProgress = null;
            var step = _lifecycle.SyncBackFailed();
            ReleaseWaitingWrites();
            return step == LifecycleStep.ReportSyncBack
                ? (progress ?? SyncBackReports.Of(Name, started, started, SyncBackPhase.Failed, run?.Outcome ?? ReplayOutcome.None, rule)) with
                {
                    Phase = SyncBackPhase.Failed,
                    Error = exception.Message,
                    Duration = services.Time.GetUtcNow() - started,
                }
                : null;
        }
        finally
        {
            if (replaying)
            {
                _replays.Release();
            }
        }
    }

    /// <summary>Runs in the same turn as the check that found the journal drained.</summary>
    private bool TrySeal()
    {
        var step = _lifecycle.Drained();
        Carry(step == LifecycleStep.DropCopyAndReportReturned ? step : LifecycleStep.None);
        return step == LifecycleStep.TakeFreshGeneration;
    }

    private void ReportSyncBack(SyncBackReport report)
    {
        state.State.LastSyncBack = report;
        _ = PersistQuietlyAsync();
        Publish(report.Phase == SyncBackPhase.Completed ? ServiceEventKind.SyncBackCompleted : ServiceEventKind.SyncBackFailed, report.Summary);
        Failover.Report(new SyncBackFinished { Collection = Name, Report = report });
    }

    /// <summary>Replays every pending failover write into Qdrant without sealing (an operator's <c>sync-back COLLECTION</c>); one replay at a time.</summary>
    private async Task<ReplayOutcome> ReplayPendingAsync()
    {
        await _replays.WaitAsync();
        try
        {
            var journal = RequireJournal();
            await journal.FlushAsync();
            var replayer = new JournalReplayer(Qdrant, Name, services.Failover.ConflictRule, services.Failover.ReplayBatchPoints);
            var from = Math.Min(state.State.FailoverEpochStart ?? long.MaxValue, journal.ReplayedThrough + 1);
            var records = journal.ReadFrom(from);
            foreach (var record in records)
            {
                replayer.Learn(record);
            }

            var (replayedThrough, durableThrough) = (journal.ReplayedThrough, journal.DurableThrough);
            var pending = records.Where(r => r.Origin == JournalOrigin.Failover && r.Sequence > replayedThrough && r.Sequence <= durableThrough).ToArray();
            return await replayer.ReplayAsync(pending, journal.MarkReplayedAsync);
        }
        finally
        {
            _replays.Release();
        }
    }

    // ---- The journal, the state, the failover grain ----

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

    /// <summary>Grain state is written one write at a time: interleaved calls must not race for its version.</summary>
    private async Task PersistAsync()
    {
        await _stateWrites.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _stateWrites.Release();
        }
    }

    private async Task PersistQuietlyAsync()
    {
        try
        {
            await PersistAsync();
        }
        catch (Exception exception)
        {
            CollectionLog.StateNotWritten(logger, exception, Name);
        }
    }

    /// <summary>Tells the failover grain that Qdrant failed a call; the mode after it counted.</summary>
    private async Task<ServiceMode> ReportAsync(string operation, VectorStoreException error)
    {
        var mode = error.Kind == VectorStoreErrorKind.Timeout
            ? await Failover.ReportPrimaryTimeout(operation, error.Message)
            : await Failover.ReportPrimaryFailure(operation, error.Message);
        services.Mode.Offer(mode);
        return mode;
    }

    private VectorStoreException Unservable(string why) => new(
        VectorStoreErrorKind.Unavailable, $"Qdrant is down and collection '{Name}' cannot be served from the backup: {why}.");

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
