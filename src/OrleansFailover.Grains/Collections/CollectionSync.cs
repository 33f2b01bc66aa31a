using Microsoft.Extensions.Logging;
using OrleansFailover.Backups.Journal;
using OrleansFailover.Backups.Sync;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Collections;

/// <summary>
/// A collection's full syncs: the reminder that schedules them, the rules that skip them, one sync at a time
/// (<see cref="BackupSyncRunner"/>), the new journal segment each one starts, and the journal segments a published
/// generation makes unnecessary. Runs on its grain's turns.
/// </summary>
public sealed class CollectionSync
{
    private readonly string _name;
    private readonly CollectionServices _services;
    private readonly IPersistentState<CollectionBackupState> _state;
    private readonly Func<CollectionJournal?> _journal;
    private readonly Func<Task> _persist;
    private readonly Action<ServiceEventKind, string> _publish;
    private readonly ILogger _logger;
    private readonly BackupSyncRunner _runner;
    private DateTimeOffset? _nextDue;

    public CollectionSync(
        string name, CollectionServices services, IPersistentState<CollectionBackupState> state, Func<CollectionJournal?> journal,
        Func<Task> persist, Action<ServiceEventKind, string> publish, ILogger logger)
    {
        _persist = persist;
        _name = name;
        _services = services;
        _state = state;
        _journal = journal;
        _publish = publish;
        _logger = logger;
        _runner = new BackupSyncRunner(RunAsync);
    }

    private CollectionBackupState State => _state.State;

    /// <summary>Registers the periodic sync reminder (idempotent) and remembers the schema when given.</summary>
    public async Task EnsureScheduledAsync(Grain grain, CollectionSchema? knownSchema)
    {
        if (knownSchema is not null && !knownSchema.Equals(State.Schema))
        {
            State.Schema = knownSchema;
            await _persist();
        }

        if (!_services.Backup.Enabled)
        {
            State.LastSkipReason = "periodic backups are disabled (Backup:Enabled is false)";
            return;
        }

        var interval = _services.Backup.SyncInterval;
        var existing = await grain.GetReminder(CollectionBackupGrain.SyncReminder);
        if (existing is null || State.ScheduledInterval != interval)
        {
            await grain.RegisterOrUpdateReminder(CollectionBackupGrain.SyncReminder, interval, interval);
            State.ScheduledInterval = interval;
            await _persist();
            CollectionLog.SyncScheduled(_logger, _name, interval);
        }

        _nextDue ??= _services.Time.GetUtcNow() + interval;
    }

    /// <summary>A reminder tick: starts a sync in the background unless one runs or it must be skipped. Ticks can come doubled or late.</summary>
    public SyncOutcome Tick(CollectionPhase phase)
    {
        _nextDue = _services.Time.GetUtcNow() + _services.Backup.SyncInterval;
        if (SkipReason(phase, periodic: true) is { } skip)
        {
            return Skip(skip).Outcome;
        }

        _ = _runner.JoinOrStart();
        return SyncOutcome.Completed;
    }

    /// <summary>A sync now, joined if one runs.</summary>
    public Task<SyncReport> SyncNowAsync(CollectionPhase phase) =>
        SkipReason(phase, periodic: false) is { } skip ? Task.FromResult(Skip(skip)) : _runner.JoinOrStart();

    /// <summary>
    /// Sync-back's fresh generation: a sync that begins after the seal (after any sync under way). Null when the
    /// collection exists neither in Qdrant nor in the copy (there is nothing to copy). A sync that fails because of
    /// Qdrant fails the sync-back; one that fails because of what Qdrant holds (a point the backup cannot hold) does
    /// not: the previous generation and the journal since it still hold every write, and the error is in status.
    /// </summary>
    public async Task<SyncReport?> FreshGenerationAsync(bool hasCopy)
    {
        if (!hasCopy && !await _services.Primary.Store.CollectionExistsAsync(_name))
        {
            return null;
        }

        var sync = await _runner.RunAfterCurrentAsync();
        return sync.Outcome == SyncOutcome.Completed || !sync.QdrantFailed
            ? sync
            : throw new InvalidOperationException($"the fresh generation after the replay failed: {sync.Reason}");
    }

    /// <summary>The backup part of the collection's status.</summary>
    public CollectionStatus Status(CollectionPhase phase)
    {
        var newest = _services.Folder.Newest(_name);
        var completed = State.LastCompletedSync;
        return new CollectionStatus
        {
            Name = _name,
            BackupFileExists = newest is not null,
            SizeBytes = newest?.SizeBytes ?? 0,
            Generation = newest?.Generation,
            PointCount = completed?.Generation == newest?.Generation ? completed?.Points : null,
            LastSync = completed?.At,
            LastSyncDuration = completed?.Duration,
            Checksum = completed?.Checksum,
            LastError = State.LastSync is { Outcome: SyncOutcome.Failed } failed ? failed.Reason : null,
            NextSyncDue = _services.Backup.Enabled ? _nextDue : null,
            SyncRunning = _runner.IsRunning,
            LastSkipReason = State.LastSkipReason,
            Phase = phase,
        };
    }

    private async Task<SyncReport> RunAsync()
    {
        var started = _services.Time.GetUtcNow();
        SyncReport report;
        try
        {
            // Writes from here on are in the journal segment this starts; the generation says where it begins.
            var journal = _journal();
            var journalSequence = journal?.StartSegment();
            var options = new SnapshotOptions { PageSize = _services.Backup.PageSize, JournalSequence = journalSequence };
            var (store, folder, time, name) = (_services.Primary.Store, _services.Folder, _services.Time, _name);
            // The sync runs on the thread pool: encoding and hashing must not occupy the grain's turn.
            var result = await Task.Run(() => CollectionSnapshotter.SnapshotAsync(store, name, folder, time, options));
            State.Schema = result.Schema;
            report = new SyncReport
            {
                Collection = _name,
                Outcome = SyncOutcome.Completed,
                At = started,
                Generation = result.Generation.Generation,
                Points = result.Points,
                Bytes = result.Generation.SizeBytes,
                Checksum = result.Checksum,
                Duration = result.Duration,
            };
            State.LastCompletedSync = report;
            if (journalSequence is not null)
            {
                State.GenerationJournalSequences[result.Generation.Generation] = journalSequence.Value;
                DropFoldedJournalSegments(journal!);
            }

            CollectionLog.SyncCompleted(_logger, _name, report.Generation ?? 0, report.Points, report.Bytes, report.Duration.TotalMilliseconds);
            _services.Metrics.SyncCompleted(_name, report.Duration, report.Points, report.Bytes);
        }
        catch (Exception exception)
        {
            report = new SyncReport
            {
                Collection = _name,
                Outcome = SyncOutcome.Failed,
                At = started,
                Duration = _services.Time.GetUtcNow() - started,
                Reason = exception.Message,
                QdrantFailed = exception is VectorStoreException { IsStoreFailure: true } or VectorStoreException { Kind: VectorStoreErrorKind.Timeout },
            };
            CollectionLog.SyncFailed(_logger, exception, _name);
            _services.Metrics.SyncFailed(_name, report.Duration);
            if (exception is VectorStoreException { IsStoreFailure: true })
            {
                var failover = _services.Grains.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);
                _services.Mode.Offer(await failover.ReportPrimaryFailure($"sync of '{_name}'", exception.Message));
            }
        }

        State.LastSync = report;
        await _persist();
        _publish(
            report.Outcome == SyncOutcome.Completed ? ServiceEventKind.SyncCompleted : ServiceEventKind.SyncFailed,
            report.Outcome == SyncOutcome.Completed
                ? $"generation {report.Generation}: {report.Points} points, {report.Bytes} bytes in {report.Duration.TotalMilliseconds:F0} ms"
                : report.Reason ?? "failed");
        return report;
    }

    /// <summary>
    /// Journal segments before the oldest retained generation's copy are folded into every generation a restore
    /// may fall back to; they go. Unknown positions (generations from before journals) keep everything. The journal
    /// itself never drops a segment holding a write not yet replayed into Qdrant.
    /// </summary>
    private void DropFoldedJournalSegments(CollectionJournal journal)
    {
        var retained = _services.Folder.ListGenerations(_name).Select(g => g.Generation).ToHashSet();
        var positions = State.GenerationJournalSequences;
        foreach (var gone in positions.Keys.Where(g => !retained.Contains(g)).ToArray())
        {
            positions.Remove(gone);
        }

        if (journal.PendingRecords > 0 || retained.Any(g => !positions.ContainsKey(g)))
        {
            return;
        }

        journal.DropBefore(positions.Values.Min());
    }

    private string? SkipReason(CollectionPhase phase, bool periodic)
    {
        if (periodic && !_services.Backup.Enabled)
        {
            return "periodic backups are disabled (Backup:Enabled is false)";
        }

        var current = _services.Mode.Current;
        if (current.FailoverActive || current.Circuit != CircuitState.Closed)
        {
            return $"the circuit is {current.Circuit} and failover is {(current.FailoverActive ? "active" : "inactive")}: Qdrant is not trusted for a full copy";
        }

        return phase != CollectionPhase.Normal
            ? $"the collection is {phase} (failover is not over for it yet): Qdrant is not trusted for a full copy"
            : null;
    }

    private SyncReport Skip(string reason)
    {
        CollectionLog.SyncSkipped(_logger, _name, reason);
        State.LastSkipReason = reason;
        _publish(ServiceEventKind.SyncSkipped, reason);
        return new SyncReport { Collection = _name, Outcome = SyncOutcome.Skipped, At = _services.Time.GetUtcNow(), Reason = reason };
    }
}
