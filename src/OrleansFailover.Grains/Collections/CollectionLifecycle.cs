using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Collections;

/// <summary>
/// One collection's life between Qdrant and its backup, as a pure state machine: no I/O, no clock, no threads.
/// The collection grain feeds it events (a call that needs the copy, a command from the failover grain, the end of
/// a restore or of a sync-back) and carries out the step it returns.
///
/// <code>
/// Normal ──enter──▶ Restoring ──restored──▶ Serving ──sync-back──▶ Replaying ──drained──▶ Sealed ──return──▶ Normal
///                      │  └─not admitted─▶ Normal      ▲                 │                  │
///                      └─failed─▶ RestoreFailed        └──── failed / failover again ───────┘
/// any phase with a journal ──journal failed──▶ Broken (the activation goes; the next one rebuilds from disk)
/// </code>
///
/// Rules that keep every acknowledged write: a collection takes writes into its journal only in Serving and
/// Replaying, and only after the failover grain admitted it (it then owes a sync-back before traffic returns);
/// Sealed is left only by a newer command (failover again, or the return), never by a call; every command carries
/// the mode version it was issued at, and one older than what the collection already knows is ignored, so a late
/// message never undoes a newer one.
/// </summary>
public sealed class CollectionLifecycle
{
    /// <summary>Where the collection is now.</summary>
    public CollectionPhase Phase { get; private set; } = CollectionPhase.Normal;

    /// <summary>The newest mode version this collection has acted on (commands and admissions).</summary>
    public long KnownVersion { get; private set; }

    /// <summary>Counts restores; the result of one that is no longer current is dropped.</summary>
    public long RestoreAttempt { get; private set; }

    /// <summary>What the restore under way leads to: serving with a journal, or sealed (writes to Qdrant first).</summary>
    public AdmissionDirective RestoreTarget { get; private set; } = AdmissionDirective.Serve;

    /// <summary>The sync-back this collection was last asked for (its attempt: the mode version it began at).</summary>
    public long? SyncBackAttempt { get; private set; }

    /// <summary>A sync-back asked for while the copy was not ready: it starts when the restore ends.</summary>
    public bool SyncBackWaitingForRestore { get; private set; }

    /// <summary>The return to Qdrant came while journaled writes were not replayed: drain them, then end (no report to wait for).</summary>
    public bool EndAfterDrain { get; private set; }

    /// <summary>Why the last restore failed, while <see cref="Phase"/> is <see cref="CollectionPhase.RestoreFailed"/>.</summary>
    public string? RestoreError { get; private set; }

    /// <summary>The collection holds an in-memory copy that answers reads.</summary>
    public bool HasCopy => Phase is CollectionPhase.Serving or CollectionPhase.Replaying or CollectionPhase.Sealed;

    /// <summary>A write now goes into the journal (it will be replayed into Qdrant before traffic returns).</summary>
    public bool TakesFailoverWrites => Phase is CollectionPhase.Serving or CollectionPhase.Replaying;

    /// <summary>A call (read or write) needs the in-memory copy.</summary>
    public LifecycleStep Enter()
    {
        switch (Phase)
        {
            case CollectionPhase.Normal or CollectionPhase.RestoreFailed:
                return BeginRestore();
            case CollectionPhase.Restoring:
                return LifecycleStep.WaitForRestore;
            case CollectionPhase.Broken:
                return LifecycleStep.Refuse;
            default:
                return LifecycleStep.Ready;
        }
    }

    /// <summary>The failover grain's answer to the admission the restore began with.</summary>
    public LifecycleStep Admitted(long restoreAttempt, AdmissionDirective directive, long modeVersion)
    {
        if (Phase != CollectionPhase.Restoring || restoreAttempt != RestoreAttempt)
        {
            return LifecycleStep.DropCopy; // a restore that is no longer wanted: whatever it loaded goes
        }

        if (modeVersion < KnownVersion)
        {
            return LifecycleStep.AdmitAgain; // a newer command arrived while the answer was on its way: ask again
        }

        KnownVersion = modeVersion;
        if (directive == AdmissionDirective.NotActive)
        {
            Phase = CollectionPhase.Normal;
            SyncBackWaitingForRestore = false;
            return LifecycleStep.NotActive;
        }

        RestoreTarget = directive;
        return LifecycleStep.Restore;
    }

    /// <summary>The restore ended: the copy is loaded (backup plus journal), or it failed with <paramref name="error"/>.</summary>
    public LifecycleStep Restored(long restoreAttempt, string? error)
    {
        if (Phase != CollectionPhase.Restoring || restoreAttempt != RestoreAttempt)
        {
            return LifecycleStep.DropCopy;
        }

        if (error is not null)
        {
            Phase = CollectionPhase.RestoreFailed;
            RestoreError = error;
            if (SyncBackWaitingForRestore)
            {
                SyncBackWaitingForRestore = false;
                return LifecycleStep.ReportRestoreAndSyncBackFailed;
            }

            return LifecycleStep.ReportRestoreFailed;
        }

        RestoreError = null;
        Phase = RestoreTarget == AdmissionDirective.WriteThrough ? CollectionPhase.Sealed : CollectionPhase.Serving;
        if (SyncBackWaitingForRestore)
        {
            SyncBackWaitingForRestore = false;
            Phase = CollectionPhase.Replaying;
            return LifecycleStep.StartSyncBack;
        }

        return LifecycleStep.Ready;
    }

    /// <summary>Command: the circuit opened (again) at <paramref name="modeVersion"/>.</summary>
    public LifecycleStep EnterFailover(long modeVersion)
    {
        if (!Newer(modeVersion))
        {
            return LifecycleStep.Ignore;
        }

        switch (Phase)
        {
            case CollectionPhase.Normal or CollectionPhase.RestoreFailed:
                return BeginRestore();
            case CollectionPhase.Restoring:
                // The circuit opened again after an admission to write through: the copy will take writes into the journal.
                RestoreTarget = AdmissionDirective.Serve;
                return LifecycleStep.None;
            case CollectionPhase.Replaying or CollectionPhase.Sealed:
                // Sync-back failed somewhere: writes go into the journal again; the run under way stops at its next check.
                Phase = CollectionPhase.Serving;
                EndAfterDrain = false;
                return LifecycleStep.None;
            default:
                return LifecycleStep.None;
        }
    }

    /// <summary>Command: Qdrant is back; sync-back attempt <paramref name="attempt"/> (the mode version it began at).</summary>
    public LifecycleStep SyncBackRequested(long attempt)
    {
        if (attempt < KnownVersion)
        {
            return LifecycleStep.Ignore;
        }

        KnownVersion = attempt;
        var continuing = attempt == SyncBackAttempt && Phase == CollectionPhase.Replaying;
        SyncBackAttempt = attempt;
        switch (Phase)
        {
            case CollectionPhase.Normal or CollectionPhase.RestoreFailed:
                SyncBackWaitingForRestore = true;
                return BeginRestore();
            case CollectionPhase.Restoring:
                SyncBackWaitingForRestore = true;
                return LifecycleStep.None;
            case CollectionPhase.Serving or CollectionPhase.Sealed:
                // Sealed already (an earlier attempt, or this one whose report was lost): drained at once, reported again.
                Phase = CollectionPhase.Replaying;
                return LifecycleStep.StartSyncBack;
            case CollectionPhase.Replaying:
                // The run under way continues and reports this attempt; a run draining for the return now reports too.
                EndAfterDrain = false;
                return continuing ? LifecycleStep.None : LifecycleStep.StartSyncBack;
            default:
                return LifecycleStep.Ignore;
        }
    }

    /// <summary>
    /// The sync-back run found no journaled write left to replay. Called in the same turn as that check: if the
    /// collection still replays, it is sealed now, before any other write can reach the journal.
    /// </summary>
    public LifecycleStep Drained()
    {
        if (Phase != CollectionPhase.Replaying)
        {
            return LifecycleStep.AbandonSyncBack;
        }

        if (EndAfterDrain)
        {
            EndAfterDrain = false;
            Phase = CollectionPhase.Normal;
            return LifecycleStep.DropCopyAndReportReturned;
        }

        Phase = CollectionPhase.Sealed;
        return LifecycleStep.TakeFreshGeneration;
    }

    /// <summary>The fresh generation is published: the sync-back of <paramref name="attempt"/> is complete.</summary>
    public LifecycleStep SyncBackSucceeded(long attempt) =>
        Phase == CollectionPhase.Sealed && attempt == SyncBackAttempt ? LifecycleStep.ReportSyncBack : LifecycleStep.AbandonSyncBack;

    /// <summary>The replay or the fresh generation failed: back to serving with a journal (the failover grain reopens the circuit).</summary>
    public LifecycleStep SyncBackFailed()
    {
        if (Phase is CollectionPhase.Replaying or CollectionPhase.Sealed)
        {
            Phase = CollectionPhase.Serving;
        }

        return EndAfterDrain ? LifecycleStep.None : LifecycleStep.ReportSyncBack;
    }

    /// <summary>Command: the circuit closed at <paramref name="modeVersion"/>; traffic is on Qdrant.</summary>
    public LifecycleStep Return(long modeVersion)
    {
        if (!Newer(modeVersion))
        {
            return LifecycleStep.Ignore;
        }

        switch (Phase)
        {
            case CollectionPhase.Sealed:
                Phase = CollectionPhase.Normal;
                return LifecycleStep.DropCopyAndReportReturned;
            case CollectionPhase.Normal or CollectionPhase.RestoreFailed or CollectionPhase.Restoring:
                Phase = CollectionPhase.Normal;
                SyncBackWaitingForRestore = false;
                RestoreAttempt++; // a restore under way is no longer wanted
                return LifecycleStep.DropCopyAndReportReturned;
            case CollectionPhase.Serving or CollectionPhase.Replaying:
                // Journaled writes that Qdrant may not have: never dropped. Replay them, then end.
                EndAfterDrain = true;
                var starting = Phase == CollectionPhase.Serving;
                Phase = CollectionPhase.Replaying;
                return starting ? LifecycleStep.DrainBeforeReturn : LifecycleStep.None;
            default:
                return LifecycleStep.Ignore;
        }
    }

    /// <summary>The journal failed (an fsync): what is in memory may not be on disk. Nothing more is accepted.</summary>
    public LifecycleStep JournalFailed()
    {
        Phase = CollectionPhase.Broken;
        return LifecycleStep.Deactivate;
    }

    private LifecycleStep BeginRestore()
    {
        Phase = CollectionPhase.Restoring;
        RestoreAttempt++;
        RestoreTarget = AdmissionDirective.Serve;
        RestoreError = null;
        return LifecycleStep.AdmitAndRestore;
    }

    private bool Newer(long modeVersion)
    {
        if (modeVersion < KnownVersion)
        {
            return false;
        }

        KnownVersion = modeVersion;
        return true;
    }
}
