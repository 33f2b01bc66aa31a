using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts;
using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.Grains.Collections;

/// <summary>
/// A collection's writes while it serves from its backup. Each write is validated, applied to the in-memory copy and
/// appended to the journal (with the prior images of the points it is the first to touch since failover began) in
/// one synchronous step, and the caller's permission (<c>mayJournal</c>: does the collection still take writes into
/// its journal?) is checked in that same step, so a seal can never fall between the check and the append. The write
/// is acknowledged only once its record is on disk. If the journal cannot take the record, the copy is put back; if
/// the fsync fails, every write not yet on disk is undone in the copy, newest first, and the write fails: nothing is
/// acknowledged, or left visible, that is not durable.
/// </summary>
public sealed class FailoverWriter(InMemoryVectorStore copy, string collection, IJournalAppender journal)
{
    private readonly HashSet<PointId> _touched = [];
    private readonly List<NotYetDurable> _notYetDurable = [];

    /// <summary>Learns which points this failover already touched (after a restart, from the journal).</summary>
    public void Remember(IEnumerable<JournalRecord> failoverRecords)
    {
        foreach (var record in failoverRecords.Where(r => r.Origin == JournalOrigin.Failover))
        {
            _touched.UnionWith(record.Ids);
        }
    }

    /// <summary>The upsert, acknowledged once durable; false (nothing done) when <paramref name="mayJournal"/> says no.</summary>
    public Task<bool> TryUpsertAsync(IReadOnlyList<VectorPoint> points, Func<bool> mayJournal) =>
        TryWriteAsync(points.Select(p => p.Id), JournalOperation.Upsert, points, [], () => copy.Upsert(collection, points), mayJournal);

    /// <summary>The delete, acknowledged once durable; false (nothing done) when <paramref name="mayJournal"/> says no.</summary>
    public Task<bool> TryDeleteAsync(IReadOnlyList<PointId> ids, Func<bool> mayJournal) =>
        TryWriteAsync(ids, JournalOperation.Delete, [], ids, () => copy.Delete(collection, ids), mayJournal);

    private async Task<bool> TryWriteAsync(
        IEnumerable<PointId> written, JournalOperation operation, IReadOnlyList<VectorPoint> points, IReadOnlyList<PointId> deleted,
        Action apply, Func<bool> mayJournal)
    {
        // From here to the append nothing awaits: the check, the copy and the journal change together.
        if (!mayJournal())
        {
            return false;
        }

        var ids = written.Distinct().ToArray();
        var before = copy.Get(collection, ids, withPayload: true, withVectors: true).ToDictionary(p => p.Id);
        apply(); // validates the whole batch first: a bad point changes nothing and journals nothing

        JournalRecord record;
        try
        {
            var prior = ids.Where(id => !_touched.Contains(id)).Select(id => new PriorImage(id, before.GetValueOrDefault(id))).ToArray();
            record = journal.Append(JournalOrigin.Failover, operation, points, deleted, prior);
        }
        catch (JournalRecordTooLargeException exception)
        {
            PutBack(ids, before);
            throw VectorStoreException.InvalidArgument($"The write to '{collection}' is too large to journal, so it was not applied: {exception.Message}");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            PutBack(ids, before);
            throw new VectorStoreException(
                VectorStoreErrorKind.Unavailable, $"The write to '{collection}' could not be journaled, so it was not applied: {exception.Message}");
        }

        _touched.UnionWith(ids);
        _notYetDurable.Add(new NotYetDurable(record.Sequence, ids, before));
        try
        {
            await journal.WaitDurableAsync(record.Sequence);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            UndoWhatIsNotDurable();
            throw new VectorStoreException(
                VectorStoreErrorKind.Unavailable,
                $"The write to '{collection}' could not be made durable, so it was undone: {exception.Message}");
        }

        _notYetDurable.RemoveAll(w => w.Sequence <= record.Sequence);
        return true;
    }

    /// <summary>Every write the journal did not get onto the disk is taken back out of the copy, newest first.</summary>
    private void UndoWhatIsNotDurable()
    {
        var durableThrough = journal.DurableThrough;
        for (var i = _notYetDurable.Count - 1; i >= 0; i--)
        {
            var write = _notYetDurable[i];
            if (write.Sequence > durableThrough)
            {
                PutBack(write.Ids, write.Before);
            }
        }

        _notYetDurable.Clear();
    }

    private void PutBack(PointId[] ids, Dictionary<PointId, VectorPoint> before)
    {
        var absent = ids.Where(id => !before.ContainsKey(id)).ToArray();
        if (absent.Length > 0)
        {
            copy.Delete(collection, absent);
        }

        if (before.Count > 0)
        {
            copy.Upsert(collection, before.Values.ToArray());
        }
    }

    private sealed record NotYetDurable(long Sequence, PointId[] Ids, Dictionary<PointId, VectorPoint> Before);
}
