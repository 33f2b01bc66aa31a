using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Collections;

namespace OrleansFailover.Grains.SyncBack;

/// <summary>
/// One collection's part of a sync-back, one run at a time: replay the journal into Qdrant (<see cref="SyncBackRun"/>),
/// drain and seal as the lifecycle says, take the fresh generation, and report to the failover grain. A run asked for
/// while one is under way starts when that one ends. The same gate keeps an operator's replay of the journal
/// (<c>client sync-back COLLECTION</c>) from ever running beside one.
/// </summary>
public sealed class CollectionSyncBack(CollectionRuntime collection, CollectionSync sync)
{
    private readonly SemaphoreSlim _replays = new(1, 1);
    private Task? _run;
    private bool _again;
    private SyncBackReport? _progress;

    /// <summary>The sync-back under way, as status shows it.</summary>
    public SyncBackReport? Progress => _progress;

    private CollectionLifecycle Lifecycle => collection.Lifecycle;

    public void Start()
    {
        if (_run is { IsCompleted: false })
        {
            _again = true; // the run under way ends at its next check; then this one starts
            return;
        }

        _run = RunAsync();
    }

    /// <summary>Sends the report of the sync-back asked for again (the failover grain did not get it, or asked twice).</summary>
    public void ReportAgain()
    {
        if (collection.State.LastSyncBack is { } last && last.Attempt == Lifecycle.SyncBackAttempt)
        {
            collection.Failover.Report(new SyncBackFinished { Collection = collection.Name, Report = last });
        }
    }

    /// <summary>The restore a sync-back waited for failed: the sync-back fails with it (the failover grain reopens the circuit).</summary>
    public void ReportRestoreFailed()
    {
        var now = collection.Services.Time.GetUtcNow();
        Report(SyncBackReports.Failed(
            collection.Name, now, now, $"the backup could not be restored: {Lifecycle.RestoreError}", collection.Services.Failover.ConflictRule)
            with { Attempt = Lifecycle.SyncBackAttempt ?? 0 });
    }

    /// <summary>Replays every pending failover write into Qdrant without sealing (an operator's <c>sync-back COLLECTION</c>).</summary>
    public async Task<ReplayOutcome> ReplayPendingAsync()
    {
        await _replays.WaitAsync();
        try
        {
            var journal = collection.RequireJournal();
            await journal.FlushAsync();
            var options = collection.Services.Failover;
            var replayer = new JournalReplayer(collection.Qdrant, collection.Name, options.ConflictRule, options.ReplayBatchPoints);
            var records = journal.ReadFrom(Math.Min(collection.State.FailoverEpochStart ?? long.MaxValue, journal.ReplayedThrough + 1));
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

    private async Task RunAsync()
    {
        do
        {
            _again = false;
            var attempt = Lifecycle.SyncBackAttempt ?? 0;
            if (await OnceAsync(attempt) is { } report)
            {
                Report(report with { Attempt = attempt });
            }
        }
        while (_again && Lifecycle.Phase is CollectionPhase.Replaying or CollectionPhase.Draining);
    }

    /// <summary>Replay, seal, fresh generation. Null when there is nothing to report (abandoned, or drained for the return).</summary>
    private async Task<SyncBackReport?> OnceAsync(long attempt)
    {
        var services = collection.Services;
        var name = collection.Name;
        var started = services.Time.GetUtcNow();
        var rule = services.Failover.ConflictRule;
        _progress = SyncBackReports.Of(name, started, started, SyncBackPhase.Replaying, ReplayOutcome.None, rule);
        SyncBackRun? run = null;
        await _replays.WaitAsync();
        var replaying = true;
        try
        {
            var journal = collection.RequireJournal();
            // After an outage this silo's connection may still be backing off: wait for it (up to the health check's
            // timeout) rather than fail the replay as if Qdrant were down.
            var health = await collection.Qdrant.CheckHealthAsync();
            if (!health.IsHealthy)
            {
                throw new VectorStoreException(VectorStoreErrorKind.Unavailable, $"Qdrant cannot be reached for the replay: {health.Description}");
            }

            CollectionLog.SyncBackStarted(collection.Logger, name, journal.PendingRecords, rule);
            collection.Publish(ServiceEventKind.SyncBackStarted, $"{journal.PendingRecords} journaled write(s) to replay");
            run = new SyncBackRun(
                name, collection.Copy?.Store, collection.Qdrant, journal, collection.State.FailoverEpochStart ?? journal.ReplayedThrough + 1,
                collection.Copy?.Report.Points ?? 0, rule, services.Failover.ReplayBatchPoints, services.Failover.ReseedBelowFraction);
            var sealedNow = await run.RunAsync(
                trySeal: TrySeal,
                finalDrain: () => Lifecycle.FinalDrain(),
                keepGoing: () => Lifecycle.Phase is CollectionPhase.Replaying or CollectionPhase.Draining,
                progress: r =>
                {
                    CollectionLog.SyncBackProgress(collection.Logger, name, r.Outcome.RecordsReplayed, journal.PendingRecords, Lifecycle.Phase);
                    if (r.ReseedReason is not null && _progress?.ReseedReason is null)
                    {
                        CollectionLog.Reseeding(collection.Logger, name, r.ReseedReason);
                    }

                    _progress = SyncBackReports.Of(name, started, services.Time.GetUtcNow(), SyncBackPhase.Replaying, r.Outcome, rule) with
                    {
                        ReseedReason = r.ReseedReason,
                    };
                });
            if (!sealedNow)
            {
                _progress = null;
                return Lifecycle.Phase == CollectionPhase.Normal
                    ? null // drained for the return: nothing waits for a report
                    : SyncBackReports.Failed(name, started, services.Time.GetUtcNow(), "failover began again during the replay", rule);
            }

            var replayDuration = services.Time.GetUtcNow() - started;
            collection.Publish(ServiceEventKind.CollectionSealed, $"journal drained ({run.Outcome.RecordsReplayed} records replayed): writes go to Qdrant first");
            _progress = SyncBackReports.Of(name, started, services.Time.GetUtcNow(), SyncBackPhase.Sealed, run.Outcome, rule) with
            {
                ReseedReason = run.ReseedReason,
                ReplayDuration = replayDuration,
            };
            _replays.Release();
            replaying = false;

            // The journal is in Qdrant: a fresh full generation from it, before traffic returns.
            var fresh = await sync.FreshGenerationAsync(hasCopy: collection.Copy?.Store.Contains(name) ?? false);
            if (Lifecycle.SyncBackSucceeded(attempt) != LifecycleStep.ReportSyncBack)
            {
                _progress = null;
                return null; // failover began again, or a newer sync-back was asked for: that one reports
            }

            services.Metrics.Replayed(name, run.Outcome.RecordsReplayed, run.Outcome.Conflicts);
            if (run.Outcome.Conflicts > 0)
            {
                CollectionLog.ConflictsResolved(collection.Logger, name, run.Outcome.Conflicts, rule, run.Outcome.ConflictsKeptPrimary);
            }

            var report = SyncBackReports.Of(name, started, services.Time.GetUtcNow(), SyncBackPhase.Completed, run.Outcome, rule) with
            {
                ReseedReason = run.ReseedReason,
                Generation = fresh?.Generation,
                FreshGenerationError = fresh is { Outcome: not SyncOutcome.Completed } ? fresh.Reason : null,
                ReplayDuration = replayDuration,
            };
            CollectionLog.SyncBackCompleted(collection.Logger, name, report.Summary, report.Duration.TotalMilliseconds);
            _progress = null;
            return report;
        }
        catch (Exception exception)
        {
            CollectionLog.SyncBackFailed(collection.Logger, exception, name);
            if (exception is VectorStoreException { IsStoreFailure: true } failure)
            {
                await collection.ReportAsync($"sync-back of '{name}'", failure);
            }

            var progress = _progress;
            _progress = null;
            var step = Lifecycle.SyncBackFailed();
            collection.ReleaseWaitingWrites();
            return step == LifecycleStep.ReportSyncBack
                ? (progress ?? SyncBackReports.Of(name, started, started, SyncBackPhase.Failed, run?.Outcome ?? ReplayOutcome.None, rule)) with
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
        var step = Lifecycle.Drained();
        collection.Step(step == LifecycleStep.DropCopyAndReportReturned ? step : LifecycleStep.None);
        return step == LifecycleStep.TakeFreshGeneration;
    }

    private void Report(SyncBackReport report)
    {
        collection.State.LastSyncBack = report;
        _ = collection.PersistQuietlyAsync();
        collection.Publish(report.Phase == SyncBackPhase.Completed ? ServiceEventKind.SyncBackCompleted : ServiceEventKind.SyncBackFailed, report.Summary);
        collection.Failover.Report(new SyncBackFinished { Collection = collection.Name, Report = report });
    }
}
