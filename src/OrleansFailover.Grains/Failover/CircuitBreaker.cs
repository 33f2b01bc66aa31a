using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Failover;

/// <summary>
/// The circuit's rules over <see cref="FailoverState"/>, with no I/O, so they can be tested on their own:
/// Closed opens after <c>threshold</c> consecutive failures; Open waits the break duration, then lets one
/// probe through (HalfOpen); the probe's success starts sync-back (still HalfOpen: traffic stays on the backup
/// while the journals are replayed), and only the end of sync-back closes it; a failed probe or a failure during
/// sync-back opens it again. A forced failover holds it open until a forced return, which starts sync-back at once.
/// </summary>
public sealed class CircuitBreaker(FailoverState state, int failureThreshold, TimeSpan breakDuration)
{
    public FailoverState State => state;

    /// <summary>A call to Qdrant or a probe failed.</summary>
    public CircuitTransition? RecordFailure(DateTimeOffset now, string reason)
    {
        state.TotalFailures++;
        if (state.Circuit != CircuitState.Closed)
        {
            return null;
        }

        state.ConsecutiveFailures++;
        return state.ConsecutiveFailures >= failureThreshold
            ? Open(now, $"{state.ConsecutiveFailures} consecutive failures, the last: {reason}")
            : null;
    }

    /// <summary>A probe while closed succeeded: the failures before it were not consecutive with later ones.</summary>
    public void RecordSuccess()
    {
        if (state.Circuit == CircuitState.Closed)
        {
            state.ConsecutiveFailures = 0;
        }
    }

    /// <summary>Whether the break is over and one probe may go through (moving to HalfOpen).</summary>
    public CircuitTransition? TryBeginTrial(DateTimeOffset now)
    {
        if (state.Circuit != CircuitState.Open || state.ManualOverride == ManualOverride.ForcedFailover ||
            state.OpenedAt is not { } openedAt || now - openedAt < breakDuration)
        {
            return null;
        }

        return Move(CircuitState.HalfOpen, $"break of {breakDuration} over: probing Qdrant once");
    }

    /// <summary>The one half-open probe's answer.</summary>
    public CircuitTransition? CompleteTrial(DateTimeOffset now, bool healthy, string description)
    {
        if (state.Circuit != CircuitState.HalfOpen)
        {
            return null;
        }

        if (state.SyncBackActive)
        {
            return healthy ? null : FailSyncBack(now, $"a probe during sync-back failed: {description}");
        }

        return healthy
            ? BeginSyncBack(now, $"Qdrant is healthy again ({description}): replaying the failover journals")
            : Open(now, $"the half-open probe failed: {description}");
    }

    /// <summary>Qdrant is back (or an operator says so): the journals are replayed before traffic returns.</summary>
    public CircuitTransition? BeginSyncBack(DateTimeOffset now, string reason)
    {
        if (state.Circuit == CircuitState.Closed || state.SyncBackActive)
        {
            return null;
        }

        state.SyncBackStartedAt = now;
        var transition = state.Circuit == CircuitState.HalfOpen ? Touch(reason) : Move(CircuitState.HalfOpen, reason);
        state.SyncBackAttempt = state.ModeVersion;
        return transition with { StartsSyncBack = true };
    }

    /// <summary>Every collection has replayed its journal and taken a fresh generation: traffic returns to Qdrant.</summary>
    public CircuitTransition? CompleteSyncBack(string reason) =>
        state.SyncBackActive ? Close(reason) : null;

    /// <summary>Qdrant failed again during sync-back: back to failover; the journals keep what is not replayed yet.</summary>
    public CircuitTransition? FailSyncBack(DateTimeOffset now, string reason) =>
        state.SyncBackActive ? Open(now, reason) : null;

    public CircuitTransition? ForceFailover(DateTimeOffset now, string reason)
    {
        state.ManualOverride = ManualOverride.ForcedFailover;
        return state.Circuit == CircuitState.Open
            ? Touch($"forced failover: {reason}")
            : Open(now, $"forced failover: {reason}");
    }

    /// <summary>An operator ends failover: sync-back starts now instead of after the break and a probe.</summary>
    public CircuitTransition? ForceReturn(DateTimeOffset now, string reason)
    {
        state.ManualOverride = ManualOverride.None;
        return BeginSyncBack(now, $"forced return: {reason}");
    }

    private CircuitTransition Open(DateTimeOffset now, string reason)
    {
        state.OpenedAt = now;
        state.FailoverSince ??= now;
        state.SyncBackStartedAt = null;
        state.SyncBackPending.Clear();
        state.ReturnPending.Clear();
        return Move(CircuitState.Open, reason);
    }

    private CircuitTransition Close(string reason)
    {
        state.ConsecutiveFailures = 0;
        state.OpenedAt = null;
        state.FailoverSince = null;
        state.ManualOverride = ManualOverride.None;
        state.SyncBackStartedAt = null;
        state.SyncBackPending.Clear();
        return Move(CircuitState.Closed, reason);
    }

    private CircuitTransition Move(CircuitState to, string reason)
    {
        var transition = new CircuitTransition(state.Circuit, to, reason);
        state.Circuit = to;
        state.LastTransitionReason = reason;
        state.ModeVersion++;
        return transition;
    }

    private CircuitTransition Touch(string reason)
    {
        state.LastTransitionReason = reason;
        state.ModeVersion++;
        return new CircuitTransition(state.Circuit, state.Circuit, reason);
    }
}
