using OrleansFailover.Grains.SyncBack;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>A collection runs one sync-back at a time; which attempt it runs when requests overlap.</summary>
public sealed class SyncBackAttemptsTests
{
    private readonly List<long> _started = [];
    private readonly Dictionary<long, TaskCompletionSource> _runs = [];
    private readonly SyncBackAttempts _attempts;

    public SyncBackAttemptsTests() => _attempts = new SyncBackAttempts(attempt =>
    {
        _started.Add(attempt);
        var run = new TaskCompletionSource();
        _runs[attempt] = run;
        return run.Task;
    });

    [Fact]
    public void Asking_again_for_the_attempt_under_way_starts_nothing()
    {
        _attempts.Request(1);
        _attempts.Request(1);

        Assert.Equal([1L], _started);
        Assert.True(_attempts.IsRunning);
    }

    [Fact]
    public void A_newer_attempt_runs_when_the_current_run_ends_and_several_collapse_into_the_newest()
    {
        _attempts.Request(1);
        _attempts.Request(2);
        _attempts.Request(3);
        var beforeTheFirstEnded = _started.ToArray();

        _runs[1].SetResult();

        Assert.Equal([1L], beforeTheFirstEnded);
        Assert.Equal([1L, 3L], _started);
        Assert.Equal(3, _attempts.Current);
    }

    [Fact]
    public void An_older_attempt_is_ignored_even_when_nothing_runs()
    {
        _attempts.Request(5);
        _runs[5].SetResult();

        _attempts.Request(4);

        Assert.Equal([5L], _started);
        Assert.False(_attempts.IsRunning);
    }

    [Fact]
    public void The_same_attempt_asked_for_after_its_run_ended_runs_again_so_that_a_lost_report_is_sent_again()
    {
        _attempts.Request(2);
        _runs[2].SetResult();

        _attempts.Request(2);

        Assert.Equal([2L, 2L], _started);
    }
}
