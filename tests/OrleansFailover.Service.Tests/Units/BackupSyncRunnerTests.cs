using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Collections;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>One sync at a time: joined by ticks and manual syncs, waited for by sync-back's fresh generation.</summary>
public sealed class BackupSyncRunnerTests
{
    private readonly List<TaskCompletionSource<SyncReport>> _started = [];
    private readonly TaskCompletionSource _secondStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly BackupSyncRunner _runner;

    public BackupSyncRunnerTests() => _runner = new BackupSyncRunner(() =>
    {
        var sync = new TaskCompletionSource<SyncReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        _started.Add(sync);
        if (_started.Count == 2)
        {
            _secondStarted.TrySetResult();
        }

        return sync.Task;
    });

    [Fact]
    public void A_tick_or_a_manual_sync_joins_the_sync_under_way()
    {
        var first = _runner.JoinOrStart();
        var second = _runner.JoinOrStart();

        Assert.Same(first, second);
        Assert.Single(_started);
        Assert.True(_runner.IsRunning);
    }

    [Fact]
    public async Task The_fresh_generation_starts_only_after_the_sync_under_way_ended_even_a_failed_one()
    {
        _ = _runner.JoinOrStart();

        var fresh = _runner.RunAfterCurrentAsync();
        var startedBeforeTheFirstEnded = _started.Count;
        _started[0].SetException(new InvalidOperationException("Qdrant failed"));
        await _secondStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        _started[1].SetResult(Report(2));

        Assert.Equal(1, startedBeforeTheFirstEnded);
        Assert.Equal(2, (await fresh).Generation);
    }

    [Fact]
    public async Task A_manual_sync_during_the_fresh_generation_joins_it_rather_than_racing_it()
    {
        var fresh = _runner.RunAfterCurrentAsync();
        var manual = _runner.JoinOrStart();
        _started[0].SetResult(Report(7));

        Assert.Single(_started);
        Assert.Equal(7, (await fresh).Generation);
        Assert.Equal(7, (await manual).Generation);
    }

    private static SyncReport Report(long generation) =>
        new() { Collection = "docs", Outcome = SyncOutcome.Completed, At = DateTimeOffset.UnixEpoch, Generation = generation };
}
