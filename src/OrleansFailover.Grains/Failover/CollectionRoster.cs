using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Failover;

/// <summary>
/// The failover grain's rules about collections, over <see cref="FailoverState"/>, with no I/O: which collections
/// are known, which of them still owe the sync-back under way, which have not yet confirmed the return, and what a
/// collection asking to serve from its backup is told. The circuit itself is <see cref="CircuitBreaker"/>'s.
/// The rule that keeps every journaled write: a collection may take writes into its journal only once it is
/// admitted, and admission during a sync-back puts it (back) among those the circuit waits for before it closes.
/// </summary>
public sealed class CollectionRoster(FailoverState state)
{
    /// <summary>Makes a collection known; false when it already was. An illegal name is refused.</summary>
    public bool Register(string collection)
    {
        CollectionNames.EnsureValid(collection);
        return state.Collections.Add(collection);
    }

    /// <summary>Forgets names no collection could have (state written before names were checked); returns them.</summary>
    public IReadOnlyList<string> DropIllegalNames()
    {
        var illegal = state.Collections.Concat(state.SyncBackPending).Concat(state.ReturnPending)
            .Where(name => !CollectionNames.IsValid(name)).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var name in illegal)
        {
            state.Collections.Remove(name);
            state.SyncBackPending.Remove(name);
            state.ReturnPending.Remove(name);
        }

        return illegal;
    }

    /// <summary>
    /// A collection asks to serve from its backup. <see cref="AdmissionOutcome.StateChanged"/> says the state must be
    /// persisted before the answer goes out; <see cref="AdmissionOutcome.OwesSyncBack"/>, that it must be told to sync back now.
    /// </summary>
    public AdmissionOutcome Admit(string collection)
    {
        CollectionNames.EnsureValid(collection);
        if (!state.FailoverActive)
        {
            return new AdmissionOutcome(AdmissionDirective.NotActive, StateChanged: false, OwesSyncBack: false);
        }

        var added = state.Collections.Add(collection);
        if (!state.SyncBackActive)
        {
            return new AdmissionOutcome(AdmissionDirective.Serve, added, OwesSyncBack: false);
        }

        if (state.SyncBackPending.Contains(collection))
        {
            return new AdmissionOutcome(AdmissionDirective.Serve, added, OwesSyncBack: false);
        }

        if (added)
        {
            // New during the sync-back: it may take writes, so the circuit waits for its replay too.
            state.SyncBackPending.Add(collection);
            return new AdmissionOutcome(AdmissionDirective.Serve, StateChanged: true, OwesSyncBack: true);
        }

        // Its sync-back is done (a new activation of it, after a crash): reads from the copy, writes to Qdrant first.
        return new AdmissionOutcome(AdmissionDirective.WriteThrough, StateChanged: false, OwesSyncBack: false);
    }

    /// <summary>Sync-back begins: every known collection owes its replay.</summary>
    public IReadOnlyCollection<string> BeginSyncBack()
    {
        state.SyncBackPending.Clear();
        state.SyncBackPending.UnionWith(state.Collections);
        return state.SyncBackPending;
    }

    /// <summary>A collection's sync-back ended; what it means for the sync-back under way.</summary>
    public SyncBackProgress Finished(SyncBackReport report)
    {
        if (!state.SyncBackActive || report.Attempt != state.SyncBackAttempt || !state.SyncBackPending.Contains(report.Collection))
        {
            return SyncBackProgress.Ignored; // a late report from an earlier sync-back, which failed or which a new failover cancelled
        }

        if (report.Phase != SyncBackPhase.Completed)
        {
            return SyncBackProgress.Failed;
        }

        state.SyncBackPending.Remove(report.Collection);
        return state.SyncBackPending.Count == 0 ? SyncBackProgress.AllDone : SyncBackProgress.Pending;
    }

    /// <summary>The circuit closed: every known collection is to drop its copy and confirm it.</summary>
    public IReadOnlyCollection<string> BeginReturn()
    {
        state.ReturnPending.Clear();
        state.ReturnPending.UnionWith(state.Collections);
        return state.ReturnPending;
    }

    /// <summary>A collection confirmed the return of <paramref name="modeVersion"/>; true when that changed the state.</summary>
    public bool ServingEnded(string collection, long modeVersion) =>
        state.Circuit == CircuitState.Closed && modeVersion == state.ModeVersion && state.ReturnPending.Remove(collection);
}
