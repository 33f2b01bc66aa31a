using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Options;
using OrleansFailover.Grains.Services;
using OrleansFailover.Grains.Telemetry;
using OrleansFailover.Grains.Security;

namespace OrleansFailover.Grains.Failover;

/// <summary>
/// The singleton that owns the circuit and the routing mode, a thin shell around <see cref="CircuitBreaker"/> and
/// <see cref="CollectionRoster"/>: it feeds them what happens (a probe, a failure a caller saw, an operator's
/// command, a collection's report), persists their state, and carries out what changed: commands go down to the
/// collection grains one way (<see cref="ICollectionLifecycle"/>), and are sent again on the probe timer until the
/// collections report back. It never waits on a collection grain, so a collection may wait on it.
/// </summary>
public sealed class FailoverGrain(
    [PersistentState("failover", Storage.StorageNames.State)] IPersistentState<FailoverState> state,
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
    private CollectionRoster _roster = null!;
    private Task<HealthCheckRecord>? _probe;

    private FailoverState Current => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.EnsureKey(IFailoverGrain.SingletonKey);
        _breaker = new CircuitBreaker(Current, failoverOptions.Value.FailureThreshold, failoverOptions.Value.BreakDuration);
        _roster = new CollectionRoster(Current);
        var illegal = _roster.DropIllegalNames();
        if (illegal.Count > 0)
        {
            FailoverLog.IllegalNamesDropped(logger, string.Join(", ", illegal));
            await state.WriteStateAsync(cancellationToken);
        }

        this.RegisterGrainTimer(ProbeTick, new GrainTimerCreationOptions
        {
            DueTime = failoverOptions.Value.ProbeInterval,
            Period = failoverOptions.Value.ProbeInterval,
            KeepAlive = true,
        });
        if (Current.FailoverActive)
        {
            FailoverLog.ResumedInFailover(logger, Current.Circuit, Current.FailoverSince);
        }

        // Whatever was under way when the last activation went (a crash) goes on: the commands are sent again.
        ResendPendingCommands();
    }

    public Task<ServiceMode> GetMode() => Task.FromResult(Current.ToMode());

    public Task<FailoverStatus> GetStatus()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(new FailoverStatus
        {
            BackupEnabled = backupOptions.Value.Enabled,
            FailoverActive = Current.FailoverActive,
            FailoverSince = Current.FailoverSince,
            FailoverDuration = Current.FailoverSince is { } since ? now - since : null,
            ActiveStore = Current.FailoverActive ? "backup" : "primary",
            Circuit = Current.Circuit,
            ConsecutiveFailures = Current.ConsecutiveFailures,
            TotalFailures = Current.TotalFailures,
            FailureThreshold = failoverOptions.Value.FailureThreshold,
            CircuitOpenedAt = Current.OpenedAt,
            LastHealthCheck = Current.LastHealthCheck,
            LastBackupSync = Current.LastBackupSync,
            ManualOverride = Current.ManualOverride,
            LastTransitionReason = Current.LastTransitionReason,
            ModeVersion = Current.ModeVersion,
            SyncBackActive = Current.SyncBackActive,
            SyncBackStartedAt = Current.SyncBackStartedAt,
            SyncBackPending = Current.SyncBackPending.Order(StringComparer.Ordinal).ToArray(),
            SyncBackAttempt = Current.SyncBackAttempt,
            ConflictRule = failoverOptions.Value.ConflictRule,
            HostedOn = silo.SiloAddress.ToString(),
            KnownCollections = Current.Collections.Order(StringComparer.Ordinal).ToArray(),
        });
    }

    public async Task<ServiceMode> ReportPrimaryFailure(string operation, string error)
    {
        var transition = Current.SyncBackActive
            ? _breaker.FailSyncBack(time.GetUtcNow(), $"Qdrant failed during sync-back: {operation}: {error}")
            : _breaker.RecordFailure(time.GetUtcNow(), $"{operation}: {error}");
        FailoverLog.PrimaryFailureReported(logger, operation, error, Current.ConsecutiveFailures);
        await ApplyAsync(transition);
        return Current.ToMode();
    }

    public async Task<ServiceMode> ReportPrimaryTimeout(string operation, string error)
    {
        FailoverLog.PrimaryTimeoutReported(logger, operation, error);
        if (_probe is not { IsCompleted: false })
        {
            // Only a probe that fails too makes this count: a caller's oversized request must not open the circuit.
            await StartProbeOffTurnAsync();
        }

        return Current.ToMode();
    }

    public async Task RegisterCollection(string collection)
    {
        if (!_roster.Register(collection))
        {
            return;
        }

        await state.WriteStateAsync();
        FailoverLog.CollectionRegistered(logger, collection);
        if (Current.FailoverActive)
        {
            Send(collection, lifecycle => lifecycle.EnterFailover(Current.ModeVersion));
        }

        if (Current.SyncBackActive)
        {
            Current.SyncBackPending.Add(collection);
            await state.WriteStateAsync();
            Send(collection, lifecycle => lifecycle.StartSyncBack(Current.SyncBackAttempt));
        }
    }

    public async Task<Admission> Admit(string collection)
    {
        var outcome = _roster.Admit(collection);
        if (outcome.StateChanged)
        {
            await state.WriteStateAsync(); // before the answer: a restarted failover grain must still wait for this collection
            FailoverLog.CollectionAdmitted(logger, collection, outcome.Directive, Current.Circuit);
        }

        if (outcome.OwesSyncBack)
        {
            Send(collection, lifecycle => lifecycle.StartSyncBack(Current.SyncBackAttempt));
        }

        return new Admission(outcome.Directive, Current.ToMode());
    }

    public Task<IReadOnlyList<string>> GetCollections() =>
        Task.FromResult<IReadOnlyList<string>>(Current.Collections.Order(StringComparer.Ordinal).ToArray());

    public async Task<ServiceMode> ProbeNow()
    {
        await ApplyAsync(_breaker.TryBeginTrial(time.GetUtcNow()));
        await CompleteProbe(await StartProbe());
        return Current.ToMode();
    }

    public async Task<ServiceMode> ForceFailover(string reason)
    {
        await ApplyAsync(_breaker.ForceFailover(time.GetUtcNow(), reason));
        return Current.ToMode();
    }

    public async Task<ServiceMode> ForceReturn(string reason)
    {
        await ApplyAsync(_breaker.ForceReturn(time.GetUtcNow(), reason));
        ResendPendingCommands();
        return Current.ToMode();
    }

    public async Task Report(CollectionReport report)
    {
        switch (report)
        {
            case SyncBackFinished finished:
                await SyncBackFinishedAsync(finished.Report);
                break;
            case ServingEnded ended:
                if (_roster.ServingEnded(ended.Collection, ended.ModeVersion))
                {
                    await state.WriteStateAsync();
                }

                break;
            case CollectionEventReport { Event: var serviceEvent }:
                if (serviceEvent.Kind == ServiceEventKind.SyncCompleted)
                {
                    Current.LastBackupSync = serviceEvent.At;
                }

                await _observers.Notify(observer => observer.OnEvent(serviceEvent));
                break;
        }
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
        Current.LastHealthCheck = result;
        CircuitTransition? transition;
        if (Current.Circuit == CircuitState.HalfOpen)
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

    private async Task SyncBackFinishedAsync(SyncBackReport report)
    {
        switch (_roster.Finished(report))
        {
            case SyncBackProgress.Failed:
                await ApplyAsync(_breaker.FailSyncBack(time.GetUtcNow(), $"sync-back of '{report.Collection}' failed: {report.Error}"));
                break;
            case SyncBackProgress.Pending:
                await state.WriteStateAsync();
                break;
            case SyncBackProgress.AllDone:
                FailoverLog.SyncBackAllDone(logger, Current.Collections.Count);
                await ApplyAsync(_breaker.CompleteSyncBack(
                    $"sync-back complete: every journal replayed into Qdrant ({Current.Collections.Count} collection(s))"));
                break;
        }
    }

    /// <summary>
    /// The timer's tick: after the break the circuit goes half-open, and the probe is the one call let through.
    /// The probe itself runs off this grain's turn and reports back through <see cref="CompleteProbe"/>. Commands
    /// not yet answered (a collection whose grain died with the message) are sent again.
    /// </summary>
    private async Task ProbeTick(CancellationToken cancellationToken)
    {
        ResendPendingCommands();
        if (_probe is { IsCompleted: false })
        {
            return;
        }

        await ApplyAsync(_breaker.TryBeginTrial(time.GetUtcNow()));
        await StartProbeOffTurnAsync();
    }

    private Task StartProbeOffTurnAsync()
    {
        var probe = StartProbe();
        var self = this.AsReference<IFailoverProbeSink>();
        _ = Task.Run(() => DeliverAsync(self, probe, logger), CancellationToken.None);
        return Task.CompletedTask;
    }

    private Task<HealthCheckRecord> StartProbe()
    {
        var closed = Current.Circuit == CircuitState.Closed;
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
            FailoverLog.ProbeReportFailed(logger, exception);
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

        if (transition.StartsSyncBack)
        {
            _roster.BeginSyncBack();
        }
        else if (transition.To == CircuitState.Closed)
        {
            _roster.BeginReturn();
        }

        await state.WriteStateAsync();
        LogTransition(transition);
        await _observers.Notify(observer => observer.OnEvent(
            new ServiceEvent(KindOf(transition.To), time.GetUtcNow(), null, transition.Reason, Current.ModeVersion)));

        if (transition.To == CircuitState.Open && transition.From != CircuitState.Open)
        {
            // From Closed: failover starts. From HalfOpen: a failed probe or sync-back; collections go back to journaling.
            if (transition.From == CircuitState.Closed)
            {
                metrics.FailoverActivated();
            }

            SendToAll(Current.Collections, lifecycle => lifecycle.EnterFailover(Current.ModeVersion));
        }
        else if (transition.StartsSyncBack)
        {
            if (Current.SyncBackPending.Count == 0)
            {
                await ApplyAsync(_breaker.CompleteSyncBack("no collections to replay"));
                return;
            }

            SendToAll(Current.SyncBackPending, lifecycle => lifecycle.StartSyncBack(Current.SyncBackAttempt));
        }
        else if (transition.To == CircuitState.Closed)
        {
            SendToAll(Current.ReturnPending, lifecycle => lifecycle.Return(Current.ModeVersion));
        }
    }

    /// <summary>Sends again what some collections have not answered: the sync-back under way, or the return.</summary>
    private void ResendPendingCommands()
    {
        if (Current.SyncBackActive)
        {
            SendToAll(Current.SyncBackPending, lifecycle => lifecycle.StartSyncBack(Current.SyncBackAttempt));
        }
        else if (Current.Circuit == CircuitState.Closed)
        {
            SendToAll(Current.ReturnPending, lifecycle => lifecycle.Return(Current.ModeVersion));
        }
    }

    private void SendToAll(IEnumerable<string> collections, Func<ICollectionLifecycle, Task> command)
    {
        foreach (var collection in collections.ToArray())
        {
            Send(collection, command);
        }
    }

    /// <summary>One way: the call returns as soon as it is sent; a lost one is sent again on the next tick.</summary>
    private void Send(string collection, Func<ICollectionLifecycle, Task> command)
    {
        try
        {
            _ = command(GrainFactory.GetGrain<ICollectionLifecycle>(collection));
        }
        catch (Exception exception)
        {
            FailoverLog.CommandNotSent(logger, exception, collection);
        }
    }

    private static ServiceEventKind KindOf(CircuitState state) => state switch
    {
        CircuitState.Open => ServiceEventKind.CircuitOpened,
        CircuitState.HalfOpen => ServiceEventKind.CircuitHalfOpened,
        _ => ServiceEventKind.CircuitClosed,
    };

    private void LogTransition(CircuitTransition transition)
    {
        if (transition.To == CircuitState.Closed)
        {
            FailoverLog.CircuitClosed(logger, transition.From, transition.Reason);
        }
        else if (transition.To == CircuitState.Open)
        {
            FailoverLog.CircuitOpened(logger, transition.From, transition.Reason, Current.Collections.Count);
        }
        else
        {
            FailoverLog.CircuitHalfOpened(logger, transition.Reason);
        }
    }
}
