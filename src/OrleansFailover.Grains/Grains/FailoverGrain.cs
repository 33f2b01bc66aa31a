using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Circuit;
using OrleansFailover.Grains.Logging;
using OrleansFailover.Grains.Options;
using OrleansFailover.Grains.Services;
using OrleansFailover.Grains.Telemetry;

namespace OrleansFailover.Grains.Grains;

/// <summary>
/// The singleton that owns the circuit. It probes Qdrant on a timer, counts failures reported by callers,
/// opens the circuit (starting failover: every known collection validates and restores its backup), lets one
/// probe through after the break, and closes the circuit when Qdrant answers again. Its state is persisted:
/// a restarted silo stays in failover.
/// </summary>
public sealed class FailoverGrain(
    [PersistentState("failover", StorageNames.State)] IPersistentState<FailoverState> state,
    PrimaryStore primary,
    IOptions<FailoverOptions> failoverOptions,
    IOptions<BackupOptions> backupOptions,
    ServiceTime time,
    ILocalSiloDetails silo,
    FailoverMetrics metrics,
    ILogger<FailoverGrain> logger) : Grain, IFailoverGrain, IFailoverProbeSink
{
    private readonly ObserverManager<IFailoverObserver> _observers = new(TimeSpan.FromMinutes(2), logger);
    private CircuitBreaker _breaker = null!;
    private Task<HealthCheckRecord>? _probe;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _breaker = new CircuitBreaker(state.State, failoverOptions.Value.FailureThreshold, failoverOptions.Value.BreakDuration);
        this.RegisterGrainTimer(ProbeTick, new GrainTimerCreationOptions
        {
            DueTime = failoverOptions.Value.ProbeInterval,
            Period = failoverOptions.Value.ProbeInterval,
            KeepAlive = true,
        });
        if (state.State.FailoverActive)
        {
            ServiceLog.ResumedInFailover(logger, state.State.Circuit, state.State.FailoverSince);
        }

        if (state.State.SyncBackActive)
        {
            // A restart in the middle of sync-back: the collections not done yet resume from their checkpoints.
            StartSyncBackFor(state.State.SyncBackPending.Count > 0 ? state.State.SyncBackPending : state.State.Collections);
        }

        return Task.CompletedTask;
    }

    public Task<ServiceMode> GetMode() => Task.FromResult(state.State.ToMode());

    public async Task<FailoverStatus> GetStatus()
    {
        var collections = await Task.WhenAll(state.State.Collections.Order(StringComparer.Ordinal)
            .Select(name => GrainFactory.GetGrain<ICollectionBackupGrain>(name).GetStatus()));
        var now = time.GetUtcNow();
        var current = state.State;
        return new FailoverStatus
        {
            BackupEnabled = backupOptions.Value.Enabled,
            FailoverActive = current.FailoverActive,
            FailoverSince = current.FailoverSince,
            FailoverDuration = current.FailoverSince is { } since ? now - since : null,
            ActiveStore = current.FailoverActive ? "backup" : "primary",
            Circuit = current.Circuit,
            ConsecutiveFailures = current.ConsecutiveFailures,
            TotalFailures = current.TotalFailures,
            FailureThreshold = failoverOptions.Value.FailureThreshold,
            CircuitOpenedAt = current.OpenedAt,
            LastHealthCheck = current.LastHealthCheck,
            LastBackupSync = collections.Max(c => c.LastSync) ?? current.LastBackupSync,
            ManualOverride = current.ManualOverride,
            LastTransitionReason = current.LastTransitionReason,
            Collections = collections,
            ModeVersion = current.ModeVersion,
            SyncBackActive = current.SyncBackActive,
            SyncBackStartedAt = current.SyncBackStartedAt,
            SyncBackPending = current.SyncBackPending.Order(StringComparer.Ordinal).ToArray(),
            SyncBackAttempt = current.SyncBackAttempt,
            ConflictRule = failoverOptions.Value.ConflictRule,
            HostedOn = silo.SiloAddress.ToString(),
        };
    }

    public async Task<ServiceMode> ReportPrimaryFailure(string operation, string error)
    {
        var transition = state.State.SyncBackActive
            ? _breaker.FailSyncBack(time.GetUtcNow(), $"Qdrant failed during sync-back: {operation}: {error}")
            : _breaker.RecordFailure(time.GetUtcNow(), $"{operation}: {error}");
        ServiceLog.PrimaryFailureReported(logger, operation, error, state.State.ConsecutiveFailures);
        await ApplyAsync(transition);
        return state.State.ToMode();
    }

    public async Task RegisterCollection(string collection)
    {
        if (state.State.Collections.Add(collection))
        {
            await state.WriteStateAsync();
            ServiceLog.CollectionRegistered(logger, collection);
            if (state.State.FailoverActive)
            {
                StartFailoverFor([collection]);
            }

            if (state.State.SyncBackActive)
            {
                StartSyncBackFor([collection]);
            }
        }
    }

    public Task<IReadOnlyList<string>> GetCollections() =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Collections.Order(StringComparer.Ordinal).ToArray());

    public async Task<ServiceMode> ProbeNow()
    {
        await CompleteProbe(await await StartProbeAsync());
        return state.State.ToMode();
    }

    public async Task<ServiceMode> ForceFailover(string reason)
    {
        await ApplyAsync(_breaker.ForceFailover(time.GetUtcNow(), reason));
        return state.State.ToMode();
    }

    public async Task<ServiceMode> ForceReturn(string reason)
    {
        await ApplyAsync(_breaker.ForceReturn(time.GetUtcNow(), reason));
        ResumeSyncBack();
        return state.State.ToMode();
    }

    public async Task CompleteSyncBack(SyncBackReport report)
    {
        if (!state.State.SyncBackActive || report.Attempt != state.State.SyncBackAttempt
            || !state.State.SyncBackPending.Contains(report.Collection))
        {
            return; // a late report from an earlier sync-back, which failed or which a new failover cancelled
        }

        if (report.Phase != SyncBackPhase.Completed)
        {
            await ApplyAsync(_breaker.FailSyncBack(time.GetUtcNow(), $"sync-back of '{report.Collection}' failed: {report.Error}"));
            return;
        }

        state.State.SyncBackPending.Remove(report.Collection);
        if (state.State.SyncBackPending.Count > 0)
        {
            await state.WriteStateAsync();
            return;
        }

        ServiceLog.SyncBackAllDone(logger, state.State.Collections.Count);
        await ApplyAsync(_breaker.CompleteSyncBack($"sync-back complete: every journal replayed into Qdrant ({state.State.Collections.Count} collection(s))"));
    }

    public async Task Publish(ServiceEvent serviceEvent)
    {
        if (serviceEvent.Kind == ServiceEventKind.SyncCompleted)
        {
            state.State.LastBackupSync = serviceEvent.At;
        }

        await _observers.Notify(observer => observer.OnEvent(serviceEvent));
    }

    public Task Subscribe(IFailoverObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IFailoverObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task CompleteProbe(HealthCheckRecord result)
    {
        state.State.LastHealthCheck = result;
        CircuitTransition? transition;
        if (state.State.Circuit == CircuitState.HalfOpen)
        {
            transition = _breaker.CompleteTrial(result.At, result.Healthy, result.Description);
        }
        else if (result.Healthy)
        {
            _breaker.RecordSuccess();
            transition = null;
        }
        else
        {
            transition = _breaker.RecordFailure(result.At, $"health probe: {result.Description}");
        }

        await ApplyAsync(transition, persistAnyway: !result.Healthy);
    }

    /// <summary>
    /// The timer's tick: after the break the circuit goes half-open, and the probe is the one call let through.
    /// The probe itself runs off this grain's turn and reports back through <see cref="CompleteProbe"/>.
    /// </summary>
    private async Task ProbeTick(CancellationToken cancellationToken)
    {
        ResumeSyncBack();
        if (_probe is { IsCompleted: false })
        {
            return;
        }

        var probe = await StartProbeAsync();
        var self = this.AsReference<IFailoverProbeSink>();
        _ = Task.Run(() => DeliverAsync(self, probe, logger), CancellationToken.None);
    }

    private async Task<Task<HealthCheckRecord>> StartProbeAsync()
    {
        await ApplyAsync(_breaker.TryBeginTrial(time.GetUtcNow()));
        var closed = state.State.Circuit == CircuitState.Closed;
        var qdrant = primary;
        _probe = Task.Run(async () =>
        {
            // While closed, probe the connection traffic uses; otherwise a fresh one, which need not wait out
            // the shared connection's reconnect backoff to see that Qdrant is back.
            var health = closed ? await qdrant.Store.CheckHealthAsync() : await qdrant.ProbeOnNewConnectionAsync();
            return new HealthCheckRecord(time.GetUtcNow(), health.IsHealthy, health.Description);
        });
        return _probe;
    }

    /// <summary>Runs off the grain's context: the result comes back as an ordinary call, queued like any other.</summary>
    private static async Task DeliverAsync(IFailoverProbeSink self, Task<HealthCheckRecord> probe, ILogger logger)
    {
        try
        {
            await self.CompleteProbe(await probe);
        }
        catch (Exception exception)
        {
            ServiceLog.ProbeReportFailed(logger, exception.Message);
        }
    }

    private async Task ApplyAsync(CircuitTransition? transition, bool persistAnyway = false)
    {
        if (transition is null)
        {
            if (persistAnyway)
            {
                await state.WriteStateAsync();
            }

            return;
        }

        await state.WriteStateAsync();
        LogTransition(transition);
        var kind = transition.To switch
        {
            CircuitState.Open => ServiceEventKind.CircuitOpened,
            CircuitState.HalfOpen => ServiceEventKind.CircuitHalfOpened,
            _ => ServiceEventKind.CircuitClosed,
        };
        await _observers.Notify(observer => observer.OnEvent(
            new ServiceEvent(kind, time.GetUtcNow(), null, transition.Reason, state.State.ModeVersion)));

        if (transition.To == CircuitState.Open && transition.From != CircuitState.Open)
        {
            // From Closed: failover starts. From HalfOpen: a failed probe or sync-back; collections stay served
            // from the backup, and one that had drained its journal goes back to journaling.
            if (transition.From == CircuitState.Closed)
            {
                metrics.FailoverActivated();
            }

            StartFailoverFor(state.State.Collections);
        }
        else if (transition.StartsSyncBack)
        {
            if (state.State.Collections.Count == 0)
            {
                await ApplyAsync(_breaker.CompleteSyncBack("no collections to replay"));
                return;
            }

            StartSyncBackFor(state.State.Collections);
            await state.WriteStateAsync();
        }
        else if (transition.To == CircuitState.Closed)
        {
            foreach (var collection in state.State.Collections)
            {
                _ = GrainFactory.GetGrain<ICollectionBackupGrain>(collection).EndFailover();
            }
        }
    }

    /// <summary>Every collection validates and restores its backup, side by side; the circuit does not wait for them.</summary>
    private void StartFailoverFor(IEnumerable<string> collections)
    {
        foreach (var collection in collections.ToArray())
        {
            _ = PrepareAsync(collection);
        }
    }

    /// <summary>
    /// A collection whose grain died in the middle of its sync-back (a silo crash) never reports: asking again is
    /// harmless (a running sync-back continues, a new activation resumes from the journal's checkpoint).
    /// </summary>
    private void ResumeSyncBack()
    {
        if (state.State.SyncBackActive && state.State.SyncBackPending.Count > 0)
        {
            StartSyncBackFor(state.State.SyncBackPending);
        }
    }

    /// <summary>Every collection replays its journal into Qdrant, side by side; each reports back through <see cref="CompleteSyncBack"/>.</summary>
    private void StartSyncBackFor(IEnumerable<string> collections)
    {
        foreach (var collection in collections.ToArray())
        {
            state.State.SyncBackPending.Add(collection);
            _ = StartSyncBackAsync(collection, state.State.SyncBackAttempt);
        }
    }

    private async Task StartSyncBackAsync(string collection, long attempt)
    {
        try
        {
            await GrainFactory.GetGrain<ICollectionBackupGrain>(collection).StartSyncBack(attempt);
        }
        catch (Exception exception)
        {
            ServiceLog.PrepareFailed(logger, collection, $"sync-back could not start: {exception.Message}");
        }
    }

    private async Task PrepareAsync(string collection)
    {
        try
        {
            await GrainFactory.GetGrain<ICollectionBackupGrain>(collection).PrepareFailover();
        }
        catch (Exception exception)
        {
            ServiceLog.PrepareFailed(logger, collection, exception.Message);
        }
    }

    private void LogTransition(CircuitTransition transition)
    {
        if (transition.To == CircuitState.Closed)
        {
            ServiceLog.CircuitClosed(logger, transition.From, transition.Reason);
        }
        else if (transition.To == CircuitState.Open)
        {
            ServiceLog.CircuitOpened(logger, transition.From, transition.Reason, state.State.Collections.Count);
        }
        else
        {
            ServiceLog.CircuitHalfOpened(logger, transition.Reason);
        }
    }
}
