using OrleansFailover.Contracts;

namespace OrleansFailover.Grains.Collections;

/// <summary>
/// Writes that go to Qdrant before the journal take turns per point: a write waits until every earlier write to the
/// same points has been journaled, so Qdrant and the journal (and the copy rebuilt from it) see a point's writes in
/// the same order. Writes to different points do not wait on each other. Used from one grain's turns only.
/// </summary>
public sealed class PointWriteOrder
{
    private readonly Dictionary<PointId, Task> _last = [];

    /// <summary>Waits for the earlier writes to these points; dispose the turn once the write is journaled (or failed).</summary>
    public async Task<IDisposable> TakeTurnAsync(IEnumerable<PointId> ids)
    {
        var distinct = ids.Distinct().ToArray();
        var earlier = distinct.Select(id => _last.GetValueOrDefault(id)).OfType<Task>().Distinct().ToArray();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var id in distinct)
        {
            _last[id] = done.Task;
        }

        await Task.WhenAll(earlier);
        return new Turn(this, distinct, done);
    }

    private sealed class Turn(PointWriteOrder order, PointId[] ids, TaskCompletionSource done) : IDisposable
    {
        public void Dispose()
        {
            foreach (var id in ids)
            {
                if (order._last.TryGetValue(id, out var last) && last == done.Task)
                {
                    order._last.Remove(id);
                }
            }

            done.TrySetResult();
        }
    }
}
