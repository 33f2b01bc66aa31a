using Microsoft.Extensions.Logging;
using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;
using OrleansFailover.VectorStores;

namespace OrleansFailover.Grains.Collections;

/// <summary>
/// What the parts of one collection's activation share: its lifecycle, its journal, the in-memory copy it serves, its
/// persisted state, and the ways to tell the failover grain and operators what happened. The grain creates it and
/// carries out the lifecycle's steps (<see cref="Carry"/>); <see cref="CollectionDoor"/> (reads and writes),
/// <see cref="Restore.CollectionCopies"/> (admission and restore) and <see cref="SyncBack.CollectionSyncBack"/> (replay,
/// seal, fresh generation) work on it. Used from the grain's turns only.
/// </summary>
public sealed class CollectionRuntime(
    string name, CollectionServices services, IPersistentState<CollectionBackupState> state, ILogger logger)
{
    private readonly SemaphoreSlim _stateWrites = new(1, 1);
    private TaskCompletionSource? _drained;

    public string Name => name;

    public CollectionServices Services => services;

    public CollectionBackupState State => state.State;

    public CollectionLifecycle Lifecycle { get; } = new();

    public ILogger Logger => logger;

    private CollectionJournal? _journal;
    private bool _journalOpened;

    /// <summary>
    /// The collection's journal, opened on first use; null while it cannot be opened (<see cref="JournalError"/> says
    /// why). Opening creates the collection's folder, so it waits until the collection is used.
    /// </summary>
    public CollectionJournal? Journal
    {
        get
        {
            if (!_journalOpened)
            {
                OpenJournal();
            }

            return _journal;
        }
    }

    public string? JournalError { get; private set; }

    /// <summary>The in-memory copy the collection serves from, while it holds one.</summary>
    public ServingCopy? Copy { get; set; }

    /// <summary>Carries out a lifecycle step (set by the grain, which owns timers and deactivation).</summary>
    public Action<LifecycleStep, long, ServingCopy?> Carry { get; set; } = (_, _, _) => { };

    public IFailoverGrain Failover => services.Grains.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);

    public IVectorStore Qdrant => services.Primary.Store;

    /// <summary>The journal holds writes Qdrant may lack (accepted during failover, not replayed yet).</summary>
    public bool PendingWrites => _journal is { PendingRecords: > 0 };

    /// <summary>
    /// On Qdrant as far as this collection knows: Normal, nothing journaled to replay, and this silo has not heard of a
    /// failover newer than what the collection acted on (a collection the failover grain's command has not reached yet
    /// asks for admission as soon as its silo knows).
    /// </summary>
    public bool OnQdrant =>
        Lifecycle.Phase == CollectionPhase.Normal && !PendingWrites
        && !(services.Mode.Current is { FailoverActive: true } mode && mode.Version > Lifecycle.KnownVersion);

    public void Step(LifecycleStep step, long modeVersion = 0, ServingCopy? copy = null) => Carry(step, modeVersion, copy);

    /// <summary>A write that waits for the seal (while the last journaled writes are replayed) waits on this.</summary>
    public Task WhenDrained() => (_drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Writes that waited for the seal go on once the collection no longer drains, whatever came of it.</summary>
    public void ReleaseWaitingWrites()
    {
        if (Lifecycle.Phase != CollectionPhase.Draining && _drained is { } drained)
        {
            _drained = null;
            drained.TrySetResult();
        }
    }

    /// <summary>
    /// Opens the journal when the collection has a folder (it has been backed up or written to). An activation for a
    /// name nothing has used (a refused call also activates its grain) leaves nothing on disk.
    /// </summary>
    public void OpenJournalIfPresent()
    {
        if (Directory.Exists(services.Folder.DirectoryFor(name)))
        {
            OpenJournal();
        }
    }

    private void OpenJournal()
    {
        _journalOpened = true;
        try
        {
            _journal = CollectionJournal.Open(services.Folder.DirectoryFor(name), services.Time);
            JournalError = null;
            services.Metrics.Track(name, _journal);
            if (_journal.Summarize().DroppedTornBytes is > 0 and var dropped)
            {
                CollectionLog.JournalTornTailDropped(logger, name, dropped);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            JournalError = exception.Message;
            CollectionLog.JournalUnusable(logger, exception, name);
        }
    }

    /// <summary>The journal, opened again if it could not be before (an operator may have repaired it).</summary>
    public CollectionJournal RequireJournal()
    {
        if (_journal is null)
        {
            OpenJournal();
        }

        return _journal ?? throw new IOException($"The journal of '{name}' is unusable: {JournalError}");
    }

    /// <summary>True when the journal failed (an fsync): the collection is then broken and rebuilt from disk.</summary>
    public bool NoticeJournalFailure()
    {
        if (_journal?.Failure is null)
        {
            return false;
        }

        Step(Lifecycle.JournalFailed());
        return true;
    }

    public JournalStatus JournalStatus() =>
        _journal?.Summarize() ?? (_journalOpened ? new JournalStatus { Error = JournalError } : new JournalStatus());

    public void CloseJournal()
    {
        services.Metrics.Untrack(name);
        _journal?.Dispose();
    }

    /// <summary>Grain state is written one write at a time: interleaved calls must not race for its version.</summary>
    public async Task PersistAsync()
    {
        await _stateWrites.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _stateWrites.Release();
        }
    }

    public async Task PersistQuietlyAsync()
    {
        try
        {
            await PersistAsync();
        }
        catch (Exception exception)
        {
            CollectionLog.StateNotWritten(logger, exception, name);
        }
    }

    /// <summary>Tells the failover grain that Qdrant failed a call; the mode after it counted.</summary>
    public async Task<ServiceMode> ReportAsync(string operation, VectorStoreException error)
    {
        var mode = error.Kind == VectorStoreErrorKind.Timeout
            ? await Failover.ReportPrimaryTimeout(operation, error.Message)
            : await Failover.ReportPrimaryFailure(operation, error.Message);
        services.Mode.Offer(mode);
        return mode;
    }

    /// <summary>One way: an event for operators and subscribers.</summary>
    public void Publish(ServiceEventKind kind, string message) => Failover.Report(new CollectionEventReport
    {
        Collection = name,
        Event = new ServiceEvent(kind, services.Time.GetUtcNow(), name, message, Lifecycle.KnownVersion),
    });

    public VectorStoreException Unservable(string why) => new(
        VectorStoreErrorKind.Unavailable, $"Qdrant is down and collection '{name}' cannot be served from the backup: {why}.");

    public VectorStoreException Broken() => new(
        VectorStoreErrorKind.Unavailable,
        $"Collection '{name}' lost its journal ({_journal?.Failure?.Message ?? JournalError ?? "the collection holds no copy"}); " +
        "it is being rebuilt from disk: try again.");
}
