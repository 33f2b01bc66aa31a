using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Collections;
using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.Grains.Restore;

/// <summary>
/// How a collection comes to hold an in-memory copy: it asks the failover grain for admission, then restores its
/// backup plus journal (<see cref="BackupRestorer"/>) into a new copy, and hands the outcome to its lifecycle. One
/// restore at a time; callers wait for the one under way, and a restore that failed is tried again by the next call.
/// </summary>
public sealed class CollectionCopies(CollectionRuntime collection)
{
    private TaskCompletionSource<ServiceMode?>? _restoring;

    /// <summary>Completes when the restore under way ends (with the mode, when failover turned out not to be active).</summary>
    public Task<ServiceMode?>? Restoring => _restoring?.Task;

    /// <summary>
    /// The in-memory copy, once the collection is admitted to failover and restored; null when the collection is (or
    /// turned out to be) on Qdrant, so the caller goes there. <paramref name="enter"/>: a call to Qdrant failed and
    /// failover is active, so a Normal collection asks to serve from its backup. Waits while a restore is under way.
    /// </summary>
    public async Task<ServingCopy?> GetAsync(bool allowAbsent, bool enter = false)
    {
        while (true)
        {
            if (collection.OnQdrant && !enter)
            {
                return null;
            }

            enter = false;
            switch (collection.Lifecycle.Enter())
            {
                case LifecycleStep.Ready:
                    var copy = collection.Copy!;
                    if (!allowAbsent && copy.Report.SchemaUnknown && !copy.Store.Contains(collection.Name))
                    {
                        throw collection.Unservable(copy.Report.Verdict);
                    }

                    return copy;
                case LifecycleStep.AdmitAndRestore:
                    Start();
                    break;
                case LifecycleStep.Refuse:
                    throw collection.Broken();
            }

            if (collection.Lifecycle.Phase == CollectionPhase.Restoring && _restoring is { } restoring && await restoring.Task is not null)
            {
                return null; // failover is not active: back to Qdrant
            }

            if (collection.Lifecycle.Phase == CollectionPhase.RestoreFailed)
            {
                throw collection.Unservable(collection.Lifecycle.RestoreError ?? "the restore failed");
            }
        }
    }

    /// <summary>Starts the admission and restore the lifecycle asked for (its current restore attempt).</summary>
    public void Start()
    {
        var done = new TaskCompletionSource<ServiceMode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _restoring = done;
        _ = RestoreAsync(collection.Lifecycle.RestoreAttempt, done);
    }

    /// <summary>Admission, then the restore; the result completes <paramref name="done"/> (with the mode when failover is not active).</summary>
    private async Task RestoreAsync(long attempt, TaskCompletionSource<ServiceMode?> done)
    {
        var lifecycle = collection.Lifecycle;
        try
        {
            Admission admission;
            LifecycleStep step;
            do
            {
                admission = await collection.Failover.Admit(collection.Name);
                step = lifecycle.Admitted(attempt, admission.Directive, admission.Mode.Version, collection.PendingWrites);
            }
            while (step == LifecycleStep.AdmitAgain);

            collection.Services.Mode.Offer(admission.Mode);
            if (step != LifecycleStep.Restore)
            {
                done.TrySetResult(step == LifecycleStep.NotActive ? admission.Mode : null);
                return;
            }

            var journal = collection.RequireJournal();
            var (report, store) = await collection.Services.Restorer.RestoreAsync(
                collection.Name, collection.State.Schema, journal, collection.State.FailoverEpochStart, CancellationToken.None);
            var current = lifecycle.Phase == CollectionPhase.Restoring && attempt == lifecycle.RestoreAttempt;
            var copy = report.Error is null && current ? Prepare(journal, store, report) : null;
            collection.Publish(report.Error is not null ? ServiceEventKind.RestoreFailed
                : report.StartedEmpty ? ServiceEventKind.RestoreStartedEmpty
                : ServiceEventKind.RestoreCompleted, report.Verdict);
            collection.Step(lifecycle.Restored(attempt, report.Error, collection.PendingWrites), copy: copy);
            if (current)
            {
                collection.State.LastRestore = report;
                await collection.PersistAsync();
            }
        }
        catch (Exception exception)
        {
            CollectionLog.RestoreFailed(collection.Logger, exception, collection.Name);
            collection.Step(lifecycle.Restored(attempt, exception.Message, collection.PendingWrites));
        }

        done.TrySetResult(null);
    }

    /// <summary>The copy takes failover writes from here on; the first journal record of this failover is remembered.</summary>
    private ServingCopy Prepare(CollectionJournal journal, InMemoryVectorStore store, RestoreReport report)
    {
        collection.State.FailoverEpochStart ??= journal.NextSequence;
        var writer = new FailoverWriter(store, collection.Name, journal);
        writer.Remember(journal.ReadFrom(collection.State.FailoverEpochStart.Value));
        return new ServingCopy(store, writer, report);
    }
}
