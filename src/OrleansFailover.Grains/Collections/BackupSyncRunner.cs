using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Collections;

/// <summary>
/// One full sync of a collection at a time. A periodic tick or a manual sync joins the one under way; sync-back's
/// fresh generation must copy what Qdrant holds after the seal, so it waits for the one under way to end (whatever
/// its outcome) and then runs a new one. Two syncs never race for the same generation number. Used from the
/// grain's turns only, never from two threads at once.
/// </summary>
public sealed class BackupSyncRunner(Func<Task<SyncReport>> sync)
{
    private Task<SyncReport>? _running;

    public bool IsRunning => _running is { IsCompleted: false };

    /// <summary>The sync under way, or a new one.</summary>
    public Task<SyncReport> JoinOrStart()
    {
        if (!IsRunning)
        {
            _running = sync();
        }

        return _running!;
    }

    /// <summary>A sync that begins after every sync under way has ended.</summary>
    public async Task<SyncReport> RunAfterCurrentAsync()
    {
        while (_running is { IsCompleted: false } running)
        {
            await ((Task)running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        _running = sync();
        return await _running;
    }
}
