using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Collections;

/// <summary>
/// One collection's life between Qdrant and its backup, as a pure state machine: no I/O, no clock, no threads.
/// The collection grain feeds it events (a call that needs the copy, a command from the failover grain, the end of
/// a restore or of a sync-back) and carries out the step it returns.
///
/// <code>
/// Normal ─enter─▶ Restoring ─restored─▶ Serving ─sync-back─▶ Replaying ─last batch─▶ Draining ─drained─▶ Sealed ─return─▶ Normal
///                    │  └─not admitted─▶ Normal   ▲                                                  │
///                    └─failed─▶ RestoreFailed     └───────────── failed / failover again ──────────────┘
/// any phase ──journal failed──▶ Broken (the activation goes; the next one rebuilds from disk)
/// </code>
///
/// Rules that keep every acknowledged write:
/// <list type="bullet">
/// <item>A collection takes writes into its journal only in Serving and Replaying, and only after the failover grain
/// admitted it (it then owes a sync-back before traffic returns).</item>
/// <item>While the last journaled writes are replayed (Draining) a new write waits for the seal: the journal drains
/// however fast writers write, and no write reaches Qdrant ahead of an older one still to be replayed.</item>
/// <item>Sealed is left only by a newer command (failover again, a newer sync-back, the return) or the failure of its
/// own sync-back, never by a call or a repeated command.</item>
/// <item>Journaled writes are never dropped: a return that finds some still to replay drains them first, behind the
/// same barrier, and a collection that finds some on disk when failover is not active restores just to drain them.</item>
/// <item>Every command carries the mode version it was issued at; one older than what the collection already knows
/// is ignored, so a late message never undoes a newer one.</item>
/// </list>
/// </summary>
public sealed class CollectionLifecycle
{
    /// <summary>Where the collection is now.</summary>
    public CollectionPhase Phase { get; private set; } = CollectionPhase.Normal;

    /// <summary>The newest mode version this collection has acted on (commands and admissions).</summary>
    public long KnownVersion { get; private set; }

    /// <summary>Counts restores; the result of one that is no longer current is dropped.</summary>
    public long RestoreAttempt { get; private set; }

    /// <summary>What the restore under way leads to.</summary>
    public RestoreTarget RestoreTarget { get; private set; } = RestoreTarget.Serve;

    /// <summary>The sync-back this collection was last asked for (its attempt: the mode version it began at).</summary>
    public long? SyncBackAttempt { get; private set; }

    /// <summary>The sync-back of <see cref="SyncBackAttempt"/> is complete and was reported.</summary>
    public bool SyncBackReported { get; private set; }

    /// <summary>A sync-back asked for while the copy was not ready: it starts when the restore ends.</summary>
    public bool SyncBackWaitingForRestore { get; private set; }

    /// <summary>Traffic is back on Qdrant but journaled writes were left to replay: drain them, then end (no sync-back report).</summary>
    public bool EndAfterDrain { get; private set; }

    /// <summary>Why the last restore failed, while <see cref="Phase"/> is <see cref="CollectionPhase.RestoreFailed"/>.</summary>
    public string? RestoreError { get; private set; }

    /// <summary>The collection holds an in-memory copy that answers reads.</summary>
    public bool HasCopy => Phase is CollectionPhase.Serving or CollectionPhase.Replaying or CollectionPhase.Draining or CollectionPhase.Sealed;

    /// <summary>A write now goes into the journal (it will be replayed into Qdrant before traffic returns).</summary>
    public bool TakesFailoverWrites => Phase is CollectionPhase.Serving or CollectionPhase.Replaying;

    /// <summary>A call (read or write) needs the in-memory copy, or journaled writes on disk must be drained first.</summary>
    public LifecycleStep Enter() => Phase switch
    {
        CollectionPhase.Normal or CollectionPhase.RestoreFailed => BeginRestore(),
        CollectionPhase.Restoring => LifecycleStep.WaitForRestore,
        CollectionPhase.Broken => LifecycleStep.Refuse,
        _ => LifecycleStep.Ready,
    };

    /// <summary>The failover grain's answer to the admission the restore began with; <paramref name="pendingWrites"/>: the journal holds writes Qdrant may lack.</summary>
    public LifecycleStep Admitted(long restoreAttempt, AdmissionDirective directive, long modeVersion, bool pendingWrites)
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
            SyncBackWaitingForRestore = false;
            if (!pendingWrites)
            {
                Phase = CollectionPhase.Normal;
                return LifecycleStep.NotActive;
            }

            // Traffic is on Qdrant, yet the journal holds writes it may lack: restore, drain them, then end.
            RestoreTarget = RestoreTarget.Drain;
            return LifecycleStep.Restore;
        }

        RestoreTarget = directive == AdmissionDirective.WriteThrough ? RestoreTarget.WriteThrough : RestoreTarget.Serve;
        return LifecycleStep.Restore;
    }

    /// <summary>The restore ended: the copy is loaded (backup plus journal), or it failed with <paramref name="error"/>.</summary>
    public LifecycleStep Restored(long restoreAttempt, string? error, bool pendingWrites)
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
        if (RestoreTarget == RestoreTarget.Drain)
        {
            Phase = CollectionPhase.Draining;
            EndAfterDrain = true;
            return LifecycleStep.StartSyncBack;
        }

        if (SyncBackWaitingForRestore || (RestoreTarget == RestoreTarget.WriteThrough && pendingWrites))
        {
            // Asked to sync back, or admitted to write through with writes still to replay: replay first.
            SyncBackWaitingForRestore = false;
            Phase = CollectionPhase.Replaying;
            return LifecycleStep.StartSyncBack;
        }

        Phase = RestoreTarget == RestoreTarget.WriteThrough ? CollectionPhase.Sealed : CollectionPhase.Serving;
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
                // The circuit opened again after an admission to write through (or to drain): journal writes instead.
                RestoreTarget = RestoreTarget.Serve;
                return LifecycleStep.None;
            case CollectionPhase.Replaying or CollectionPhase.Draining or CollectionPhase.Sealed:
                // Sync-back failed somewhere: writes go into the journal again; the run under way stops at its next check.
                Phase = CollectionPhase.Serving;
                EndAfterDrain = false;
                SyncBackReported = false;
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
        var same = attempt == SyncBackAttempt;
        if (!same)
        {
            SyncBackAttempt = attempt;
            SyncBackReported = false;
        }

        switch (Phase)
        {
            case CollectionPhase.Normal or CollectionPhase.RestoreFailed:
                SyncBackWaitingForRestore = true;
                return BeginRestore();
            case CollectionPhase.Restoring:
                SyncBackWaitingForRestore = true;
                return LifecycleStep.None;
            case CollectionPhase.Serving:
                Phase = CollectionPhase.Replaying;
                return LifecycleStep.StartSyncBack;
            case CollectionPhase.Replaying or CollectionPhase.Draining:
                // The run under way continues and reports this attempt; a run draining for the return now reports too.
                EndAfterDrain = false;
                return same ? LifecycleStep.None : LifecycleStep.StartSyncBack;
            case CollectionPhase.Sealed when same:
                // Asked again (the failover grain sends again what is not answered): the seal stands. A report already
                // sent is sent again (it may have been lost); the fresh generation under way reports when it ends.
                return SyncBackReported ? LifecycleStep.ReportSyncBackAgain : LifecycleStep.None;
            case CollectionPhase.Sealed:
                Phase = CollectionPhase.Replaying; // a newer sync-back: nothing is journaled, it drains at once
                return LifecycleStep.StartSyncBack;
            default:
                return LifecycleStep.Ignore;
        }
    }

    /// <summary>
    /// The sync-back run found only a last batch left to replay. Called in the same turn as that check: from now on a
    /// write waits for the seal instead of going into the journal, so what is left can be drained to the end.
    /// </summary>
    public LifecycleStep FinalDrain()
    {
        if (Phase == CollectionPhase.Replaying)
        {
            Phase = CollectionPhase.Draining;
        }

        return Phase == CollectionPhase.Draining ? LifecycleStep.None : LifecycleStep.AbandonSyncBack;
    }

    /// <summary>
    /// The sync-back run found no journaled write left to replay. Called in the same turn as that check: if the
    /// collection still replays, it is sealed now, before any other write can reach the journal.
    /// </summary>
    public LifecycleStep Drained()
    {
        if (Phase is not (CollectionPhase.Replaying or CollectionPhase.Draining))
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
    public LifecycleStep SyncBackSucceeded(long attempt)
    {
        if (Phase != CollectionPhase.Sealed || attempt != SyncBackAttempt)
        {
            return LifecycleStep.AbandonSyncBack;
        }

        SyncBackReported = true;
        return LifecycleStep.ReportSyncBack;
    }

    /// <summary>
    /// The replay or the fresh generation failed: back to serving with a journal (the failover grain reopens the
    /// circuit). A drain for the return stays behind its barrier; the return, sent again, drains again.
    /// </summary>
    public LifecycleStep SyncBackFailed()
    {
        if (EndAfterDrain && Phase == CollectionPhase.Draining)
        {
            return LifecycleStep.None;
        }

        if (Phase is CollectionPhase.Replaying or CollectionPhase.Draining or CollectionPhase.Sealed)
        {
            Phase = CollectionPhase.Serving;
        }

        return LifecycleStep.ReportSyncBack;
    }

    /// <summary>Command: the circuit closed at <paramref name="modeVersion"/>; traffic is on Qdrant. <paramref name="pendingWrites"/>: the journal holds writes Qdrant may lack.</summary>
    public LifecycleStep Return(long modeVersion, bool pendingWrites)
    {
        if (!Newer(modeVersion))
        {
            return LifecycleStep.Ignore;
        }

        switch (Phase)
        {
            case CollectionPhase.Sealed when !pendingWrites:
                Phase = CollectionPhase.Normal;
                return LifecycleStep.DropCopyAndReportReturned;
            case CollectionPhase.Normal or CollectionPhase.RestoreFailed or CollectionPhase.Restoring when !pendingWrites:
                Phase = CollectionPhase.Normal;
                SyncBackWaitingForRestore = false;
                RestoreAttempt++; // a restore under way is no longer wanted
                return LifecycleStep.DropCopyAndReportReturned;
            case CollectionPhase.Normal or CollectionPhase.RestoreFailed or CollectionPhase.Restoring:
                // Journaled writes and no copy: restore (admission will say failover is over) just to drain them.
                SyncBackWaitingForRestore = false;
                return BeginRestore();
            case CollectionPhase.Serving or CollectionPhase.Replaying or CollectionPhase.Draining or CollectionPhase.Sealed:
                // Journaled writes that Qdrant may not have are never dropped: writes wait while they are replayed.
                EndAfterDrain = true;
                Phase = CollectionPhase.Draining;
                return LifecycleStep.DrainBeforeReturn;
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
        RestoreTarget = RestoreTarget.Serve;
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
