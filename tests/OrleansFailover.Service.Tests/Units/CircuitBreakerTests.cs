using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Failover;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>The circuit's rules on their own, with times given explicitly.</summary>
public sealed class CircuitBreakerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static CircuitBreaker NewBreaker() => new(new FailoverState(), failureThreshold: 3, breakDuration: TimeSpan.FromSeconds(30));

    [Fact]
    public void The_circuit_opens_on_the_threshold_th_consecutive_failure()
    {
        var breaker = NewBreaker();

        Assert.Null(breaker.RecordFailure(T0, "one"));
        Assert.Null(breaker.RecordFailure(T0, "two"));
        var opened = breaker.RecordFailure(T0.AddSeconds(1), "three");

        Assert.Equal(new CircuitTransition(CircuitState.Closed, CircuitState.Open, "3 consecutive failures, the last: three"), opened);
        Assert.True(breaker.State.FailoverActive);
        Assert.Equal(T0.AddSeconds(1), breaker.State.OpenedAt);
        Assert.Equal(T0.AddSeconds(1), breaker.State.FailoverSince);
    }

    [Fact]
    public void A_success_between_failures_resets_the_count()
    {
        var breaker = NewBreaker();

        breaker.RecordFailure(T0, "one");
        breaker.RecordFailure(T0, "two");
        breaker.RecordSuccess();
        var third = breaker.RecordFailure(T0, "three");

        Assert.Null(third);
        Assert.Equal(1, breaker.State.ConsecutiveFailures);
        Assert.Equal(3, breaker.State.TotalFailures);
    }

    [Fact]
    public void No_probe_goes_through_before_the_break_is_over_and_exactly_one_after()
    {
        var breaker = Opened();

        Assert.Null(breaker.TryBeginTrial(T0.AddSeconds(29)));
        var trial = breaker.TryBeginTrial(T0.AddSeconds(30));
        var second = breaker.TryBeginTrial(T0.AddSeconds(31));

        Assert.Equal(CircuitState.HalfOpen, trial!.To);
        Assert.Null(second);
        Assert.True(breaker.State.FailoverActive);
    }

    [Fact]
    public void A_successful_trial_starts_sync_back_and_a_failed_one_reopens_with_a_new_break()
    {
        var failing = Opened();
        failing.TryBeginTrial(T0.AddSeconds(30));
        var reopened = failing.CompleteTrial(T0.AddSeconds(31), healthy: false, "still down");

        var healing = Opened();
        healing.TryBeginTrial(T0.AddSeconds(30));
        var syncBack = healing.CompleteTrial(T0.AddSeconds(31), healthy: true, "qdrant 1.17");

        Assert.Equal(CircuitState.Open, reopened!.To);
        Assert.Equal(T0.AddSeconds(31), failing.State.OpenedAt);
        Assert.Equal(T0, failing.State.FailoverSince);
        Assert.Null(failing.TryBeginTrial(T0.AddSeconds(60)));
        Assert.Equal(CircuitState.HalfOpen, syncBack!.To);
        Assert.True(healing.State.SyncBackActive);
        Assert.True(healing.State.FailoverActive, "traffic stays on the backup until the journals are replayed");
    }

    [Fact]
    public void Only_the_end_of_sync_back_closes_the_circuit()
    {
        var breaker = SyncingBack();

        Assert.Null(breaker.CompleteTrial(T0.AddSeconds(32), healthy: true, "a later probe"));
        var closed = breaker.CompleteSyncBack("every journal replayed");

        Assert.Equal(CircuitState.Closed, closed!.To);
        Assert.False(breaker.State.FailoverActive);
        Assert.False(breaker.State.SyncBackActive);
        Assert.Null(breaker.State.FailoverSince);
        Assert.Equal(0, breaker.State.ConsecutiveFailures);
    }

    [Fact]
    public void A_failure_during_sync_back_reopens_the_circuit_and_keeps_the_failover_start()
    {
        var breaker = SyncingBack();
        breaker.State.SyncBackPending.Add("docs");

        var reopened = breaker.FailSyncBack(T0.AddSeconds(40), "Qdrant down again");

        Assert.Equal(new CircuitTransition(CircuitState.HalfOpen, CircuitState.Open, "Qdrant down again"), reopened);
        Assert.False(breaker.State.SyncBackActive);
        Assert.Empty(breaker.State.SyncBackPending);
        Assert.Equal(T0, breaker.State.FailoverSince);
        Assert.Null(breaker.TryBeginTrial(T0.AddSeconds(69)));
        Assert.NotNull(breaker.TryBeginTrial(T0.AddSeconds(70)));
    }

    [Fact]
    public void A_forced_failover_holds_the_circuit_open_until_a_forced_return()
    {
        var breaker = NewBreaker();

        breaker.ForceFailover(T0, "drill");
        var trial = breaker.TryBeginTrial(T0.AddHours(1));
        var returned = breaker.ForceReturn(T0.AddHours(1), "drill over");

        Assert.Null(trial);
        Assert.Equal(CircuitState.HalfOpen, returned!.To);
        Assert.True(breaker.State.SyncBackActive, "a forced return replays the journals first");
        Assert.Equal(ManualOverride.None, breaker.State.ManualOverride);
    }

    [Fact]
    public void Every_transition_moves_the_mode_version_forward()
    {
        var breaker = NewBreaker();
        var versions = new List<long> { breaker.State.ModeVersion };

        breaker.ForceFailover(T0, "a");
        versions.Add(breaker.State.ModeVersion);
        breaker.ForceReturn(T0, "b");
        versions.Add(breaker.State.ModeVersion);
        breaker.CompleteSyncBack("c");
        versions.Add(breaker.State.ModeVersion);

        Assert.Equal([0L, 1L, 2L, 3L], versions);
    }

    private static CircuitBreaker SyncingBack()
    {
        var breaker = Opened();
        breaker.TryBeginTrial(T0.AddSeconds(30));
        breaker.CompleteTrial(T0.AddSeconds(31), healthy: true, "qdrant 1.17");
        return breaker;
    }

    private static CircuitBreaker Opened()
    {
        var breaker = NewBreaker();
        for (var i = 0; i < 3; i++)
        {
            breaker.RecordFailure(T0, "down");
        }

        return breaker;
    }
}
