namespace OrleansFailover.Grains.Collections;

/// <summary>What the collection grain does after feeding an event to its <see cref="CollectionLifecycle"/>.</summary>
public enum LifecycleStep
{
    /// <summary>Nothing to do.</summary>
    None,

    /// <summary>A command older than what the collection knows: dropped.</summary>
    Ignore,

    /// <summary>The in-memory copy answers; go on.</summary>
    Ready,

    /// <summary>A restore is under way: wait for it.</summary>
    WaitForRestore,

    /// <summary>Nothing is accepted (the journal failed): the caller gets an error.</summary>
    Refuse,

    /// <summary>Ask the failover grain for admission, then restore.</summary>
    AdmitAndRestore,

    /// <summary>The admission's answer is older than a command that came meanwhile: ask again.</summary>
    AdmitAgain,

    /// <summary>Admitted: validate and restore the backup (plus the journal) into a new in-memory copy.</summary>
    Restore,

    /// <summary>Failover is not active: the caller goes to Qdrant.</summary>
    NotActive,

    /// <summary>A restore that is no longer wanted ended: what it loaded is dropped.</summary>
    DropCopy,

    /// <summary>The restore failed: tell operators; the next call or command tries again.</summary>
    ReportRestoreFailed,

    /// <summary>The restore a sync-back waited for failed: report both (the failover grain reopens the circuit).</summary>
    ReportRestoreAndSyncBackFailed,

    /// <summary>Start (or restart) the sync-back run: replay the journal into Qdrant until it is drained.</summary>
    StartSyncBack,

    /// <summary>The return came while journaled writes were not replayed: replay them behind the write barrier, then end, without a sync-back report.</summary>
    DrainBeforeReturn,

    /// <summary>The run is no longer wanted (failover began again): it stops without sealing.</summary>
    AbandonSyncBack,

    /// <summary>Sealed: take the fresh full generation, then report.</summary>
    TakeFreshGeneration,

    /// <summary>Report the sync-back's outcome to the failover grain.</summary>
    ReportSyncBack,

    /// <summary>The same sync-back was asked for again after it was reported: send the report again (it may have been lost).</summary>
    ReportSyncBackAgain,

    /// <summary>Traffic is on Qdrant: drop the copy and tell the failover grain.</summary>
    DropCopyAndReportReturned,

    /// <summary>The activation goes; the next one rebuilds the copy from what is on disk.</summary>
    Deactivate,
}
