using OrleansFailover.Backups.Format;
using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Restore;
using OrleansFailover.VectorStores;

namespace OrleansFailover.Grains.Collections;

/// <summary>
/// Where each read and write of a collection goes, as its phase says: to Qdrant (and, for a write, into the journal:
/// the continuous backup) while Normal; to the in-memory copy and the journal (fsync before the ack) during failover;
/// held for the seal while the last journaled writes are replayed; reads from the copy and writes to Qdrant first once
/// sealed. A call that fails on Qdrant is reported; if failover is now active it is answered from the backup.
/// </summary>
public sealed class CollectionDoor(CollectionRuntime collection, CollectionCopies copies)
{
    private readonly PointWriteOrder _writeOrder = new();

    private CollectionLifecycle Lifecycle => collection.Lifecycle;

    private string Name => collection.Name;

    /// <summary>From Qdrant while the collection is on it; from the copy otherwise.</summary>
    public async Task<T> ReadAsync<T>(string operation, Func<IVectorStore, Task<T>> fromQdrant, Func<ServingCopy, Task<T>> fromCopy, bool allowAbsent = false)
    {
        while (true)
        {
            if (collection.OnQdrant)
            {
                try
                {
                    return await fromQdrant(collection.Qdrant);
                }
                catch (VectorStoreException error) when (error.IsStoreFailure || error.Kind == VectorStoreErrorKind.Timeout)
                {
                    if (!(await collection.ReportAsync($"{operation} on '{Name}'", error)).FailoverActive)
                    {
                        throw error.ForCaller();
                    }

                    // Failover is active: this read is answered from the backup.
                    if (await copies.GetAsync(allowAbsent, enter: true) is { } restored)
                    {
                        return await fromCopy(restored);
                    }

                    continue;
                }
                catch (VectorStoreException error)
                {
                    throw error.ForCaller();
                }
            }

            if (await copies.GetAsync(allowAbsent, enter: true) is { } copy)
            {
                return await fromCopy(copy);
            }
        }
    }

    public Task UpsertAsync(IReadOnlyList<VectorPoint> points)
    {
        // A point the backup could not hold is refused here, before Qdrant has it: never discovered at restore time.
        foreach (var point in points ?? throw VectorStoreException.InvalidArgument("The batch of points is missing."))
        {
            if (BackupLimits.Default.Check(point) is { } problem)
            {
                throw VectorStoreException.InvalidArgument($"Point {point.Id} of the batch for collection '{Name}' cannot be backed up: {problem}.");
            }
        }

        return WriteAsync(new PointWrite.Upsert(points));
    }

    public Task DeleteAsync(IReadOnlyList<PointId> ids) =>
        WriteAsync(new PointWrite.Delete(ids ?? throw VectorStoreException.InvalidArgument("The list of ids is missing.")));

    /// <summary>The write goes where the collection's phase says, and is acknowledged only once it is durable there.</summary>
    private async Task WriteAsync(PointWrite write)
    {
        while (true)
        {
            switch (Lifecycle.Phase)
            {
                case CollectionPhase.Normal when collection.OnQdrant:
                    if (await TryQdrantFirstAsync(write, sealedPhase: false))
                    {
                        return;
                    }

                    // Qdrant failed and failover is active now: the write goes to the backup, once it is restored.
                    await copies.GetAsync(allowAbsent: true, enter: Lifecycle.Phase == CollectionPhase.Normal);
                    break;
                case CollectionPhase.Serving or CollectionPhase.Replaying:
                    if (await TryJournalAsync(write))
                    {
                        return;
                    }

                    break; // drained or sealed meanwhile: route it again
                case CollectionPhase.Draining:
                    // The last journaled writes are being replayed: this one waits for the seal (a batch's time).
                    await collection.WhenDrained();
                    break;
                case CollectionPhase.Sealed:
                    if (await TryQdrantFirstAsync(write, sealedPhase: true))
                    {
                        return;
                    }

                    break; // Qdrant failed and failover began again: the write goes into the journal
                case CollectionPhase.Broken:
                    throw collection.Broken();
                default:
                    await copies.GetAsync(allowAbsent: true, enter: true); // a restore under way, one to try again, or a journal to drain
                    break;
            }
        }
    }

    /// <summary>
    /// Normal or sealed: Qdrant first, then the journal (and the copy). False when the write is to be routed again:
    /// the phase moved while it waited its turn, or Qdrant failed and the collection now takes it into its journal.
    /// </summary>
    private async Task<bool> TryQdrantFirstAsync(PointWrite write, bool sealedPhase)
    {
        using var turn = await _writeOrder.TakeTurnAsync(write.Ids.Concat(write.Points.Select(p => p.Id)));
        if (sealedPhase ? Lifecycle.Phase != CollectionPhase.Sealed : !collection.OnQdrant)
        {
            return false;
        }

        var operation = $"{write.Operation} on '{Name}'{(sealedPhase ? " after the seal" : string.Empty)}";
        try
        {
            await write.ApplyAsync(collection.Qdrant, Name);
        }
        catch (VectorStoreException error) when (error.IsStoreFailure)
        {
            var mode = await collection.ReportAsync(operation, error);
            if (!sealedPhase)
            {
                return mode.FailoverActive ? false : throw error.ForCaller();
            }

            if (mode is { Circuit: CircuitState.Open })
            {
                // Failover began again and this collection missed the command: it takes the write into its journal.
                collection.Step(Lifecycle.EnterFailover(mode.Version));
            }

            return Lifecycle.TakesFailoverWrites ? false : throw error.ForCaller();
        }
        catch (VectorStoreException error) when (error.Kind == VectorStoreErrorKind.Timeout)
        {
            await collection.ReportAsync(operation, error);
            throw error.ForCaller();
        }
        catch (VectorStoreException error)
        {
            throw error.ForCaller();
        }

        await RecordWhatQdrantHoldsAsync(write);
        return true;
    }

    /// <summary>
    /// A write Qdrant acknowledged goes into the journal (and the copy, if there is one) before the caller hears back,
    /// in one step, after any restore under way: the journal and the copy see writes in the same order. Outside Normal
    /// the record is on disk before the ack (it orders the replay); in Normal it is fsynced within the flush delay.
    /// </summary>
    private async Task RecordWhatQdrantHoldsAsync(PointWrite write)
    {
        while (Lifecycle.Phase == CollectionPhase.Restoring && copies.Restoring is { } restoring)
        {
            await restoring;
        }

        var normal = Lifecycle.Phase == CollectionPhase.Normal;
        if (!collection.Services.Backup.Enabled && normal)
        {
            return; // no continuous backup without backups: nothing would ever fold these records into a generation
        }

        try
        {
            var journal = collection.Journal ?? throw new IOException($"the journal is unusable: {collection.JournalError}");
            var record = journal.Append(JournalOrigin.Primary, write.Operation, write.Points, write.Ids);
            if (Lifecycle.HasCopy && collection.Copy is { } copy)
            {
                ApplyToCopy(write, copy);
            }

            if (normal)
            {
                journal.FlushSoon();
            }
            else
            {
                await journal.WaitDurableAsync(record.Sequence);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            CollectionLog.ContinuousBackupFailed(collection.Logger, exception, Name);
            collection.NoticeJournalFailure();
            throw new VectorStoreException(
                VectorStoreErrorKind.Unavailable,
                $"The write to '{Name}' reached Qdrant but could not be recorded in its backup journal ({exception.Message}): " +
                "it may or may not be applied; try it again.");
        }
    }

    private void ApplyToCopy(PointWrite write, ServingCopy copy)
    {
        try
        {
            write.Apply(copy.Store, Name);
        }
        catch (VectorStoreException exception)
        {
            CollectionLog.CopyRefusedWrite(collection.Logger, exception, Name);
        }
    }

    /// <summary>Serving or replaying: into the journal (fsync) and the copy. False when the collection drained or sealed meanwhile.</summary>
    private async Task<bool> TryJournalAsync(PointWrite write)
    {
        var copy = collection.Copy ?? throw new VectorStoreException(
            VectorStoreErrorKind.Unavailable, $"Qdrant is down and writes to '{Name}' cannot be made durable: the collection holds no copy.");
        if (copy.Report.SchemaUnknown && !copy.Store.Contains(Name))
        {
            throw collection.Unservable(copy.Report.Verdict);
        }

        try
        {
            return await write.JournalAsync(copy.Writer, () => Lifecycle.TakesFailoverWrites && collection.Copy == copy);
        }
        catch (VectorStoreException) when (collection.NoticeJournalFailure())
        {
            throw collection.Broken();
        }
    }
}
