using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts;
using OrleansFailover.VectorStores;

namespace OrleansFailover.Grains.SyncBack;

/// <summary>
/// A collection's writes during failover: each is validated and applied to the in-memory copy, appended to the
/// journal with the prior images of the points it is the first to touch since failover began, and acknowledged
/// only once the journal record is on disk. If the journal cannot take it, the in-memory copy is put back as it
/// was and the write fails: nothing is acknowledged that is not durable.
/// </summary>
public sealed class FailoverWriter(IVectorStore memory, string collection, CollectionJournal journal)
{
    private readonly HashSet<PointId> _touched = [];

    /// <summary>Learns which points this failover already touched (after a restart, from the journal).</summary>
    public void Remember(IEnumerable<JournalRecord> failoverRecords)
    {
        foreach (var record in failoverRecords.Where(r => r.Origin == JournalOrigin.Failover))
        {
            _touched.UnionWith(record.Ids);
        }
    }

    public Task UpsertAsync(IReadOnlyList<VectorPoint> points) =>
        WriteAsync(points.Select(p => p.Id), JournalOperation.Upsert, points, [], () => memory.UpsertAsync(collection, points));

    public Task DeleteAsync(IReadOnlyList<PointId> ids) =>
        WriteAsync(ids, JournalOperation.Delete, [], ids, () => memory.DeleteAsync(collection, ids));

    private async Task WriteAsync(
        IEnumerable<PointId> written, JournalOperation operation, IReadOnlyList<VectorPoint> points, IReadOnlyList<PointId> deleted,
        Func<Task> apply)
    {
        var ids = written.Distinct().ToArray();
        var before = (await memory.GetAsync(collection, ids, withPayload: true, withVectors: true)).ToDictionary(p => p.Id);
        await apply(); // validates the whole batch first: a bad point changes nothing and journals nothing

        JournalRecord record;
        try
        {
            var prior = ids.Where(id => !_touched.Contains(id)).Select(id => new PriorImage(id, before.GetValueOrDefault(id))).ToArray();
            record = journal.Append(JournalOrigin.Failover, operation, points, deleted, prior);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            await RevertAsync(ids, before);
            throw new VectorStoreException(
                VectorStoreErrorKind.Unavailable, $"The write to '{collection}' could not be journaled, so it was not applied: {exception.Message}");
        }

        _touched.UnionWith(ids);
        await journal.WaitDurableAsync(record.Sequence);
    }

    private async Task RevertAsync(PointId[] ids, Dictionary<PointId, VectorPoint> before)
    {
        var absent = ids.Where(id => !before.ContainsKey(id)).ToArray();
        if (absent.Length > 0)
        {
            await memory.DeleteAsync(collection, absent);
        }

        if (before.Count > 0)
        {
            await memory.UpsertAsync(collection, before.Values.ToArray());
        }
    }
}
