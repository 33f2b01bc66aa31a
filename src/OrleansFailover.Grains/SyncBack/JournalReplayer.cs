using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Serialization;
using OrleansFailover.Contracts.Service;
using OrleansFailover.VectorStores;

namespace OrleansFailover.Grains.SyncBack;

/// <summary>
/// Replays failover writes into Qdrant in batches. Within a batch only each point's last write counts (an upsert,
/// or a delete as a tombstone), so a batch applies the same end state however often it is replayed; after each
/// batch the checkpoint moves, so a replay interrupted anywhere resumes without applying anything twice in a way
/// that shows, and a deleted point is never resurrected.
/// The journal orders every write that went through the service: a point that a later write reached Qdrant with
/// (journaled after the failover write: a router that still sent to Qdrant, or a write during the seal) is not
/// replayed, whatever the rule, because that later write was acknowledged after it. Before a batch is applied,
/// Qdrant's copies of its points are compared with what the service had when failover began (the prior images):
/// a copy that is neither that nor any version the service wrote was changed behind the service's back during the
/// outage, and <see cref="ConflictRule"/> decides (such a change carries no time the service could order it by).
/// </summary>
public sealed class JournalReplayer(IVectorStore target, string collection, ConflictRule rule, int batchPoints = 1024)
{

    private readonly Dictionary<PointId, VectorPoint?> _priors = [];
    private readonly Dictionary<PointId, List<VectorPoint?>> _serviceVersions = [];
    private readonly Dictionary<PointId, long> _lastWriteThroughQdrant = [];

    /// <summary>Qdrant was re-seeded from the backup: its copies are the service's own, there is nothing to conflict with.</summary>
    public bool SkipConflictChecks { get; init; }

    /// <summary>Learns a journal record (both kinds, in sequence order): prior images, the versions the service wrote, and the order of writes that reached Qdrant.</summary>
    public void Learn(JournalRecord record)
    {
        if (record.Origin == JournalOrigin.Primary)
        {
            foreach (var id in record.Ids)
            {
                _lastWriteThroughQdrant[id] = record.Sequence;
            }
        }

        foreach (var prior in record.Prior)
        {
            _priors.TryAdd(prior.Id, prior.Point);
        }

        if (record.Operation == JournalOperation.Upsert)
        {
            foreach (var point in record.Points)
            {
                VersionsOf(point.Id).Add(point);
            }
        }
        else
        {
            foreach (var id in record.DeletedIds)
            {
                VersionsOf(id).Add(null);
            }
        }
    }

    /// <summary>Replays <paramref name="pending"/> (failover records, in sequence order); <paramref name="checkpoint"/> is called after each batch.</summary>
    public async Task<ReplayOutcome> ReplayAsync(
        IReadOnlyList<JournalRecord> pending, Func<long, Task> checkpoint, CancellationToken cancellationToken = default)
    {
        var outcome = ReplayOutcome.None;
        foreach (var batch in Batches(pending))
        {
            outcome = outcome.Add(await ApplyAsync(batch, cancellationToken));
            await checkpoint(batch[^1].Sequence);
        }

        return outcome;
    }

    private async Task<ReplayOutcome> ApplyAsync(IReadOnlyList<JournalRecord> batch, CancellationToken cancellationToken)
    {
        // Each point's last write in the batch, in the order the points were first written.
        var last = new Dictionary<PointId, (VectorPoint? Point, long Sequence)>();
        foreach (var record in batch)
        {
            if (record.Operation == JournalOperation.Upsert)
            {
                foreach (var point in record.Points)
                {
                    last[point.Id] = (point, record.Sequence);
                }
            }
            else
            {
                foreach (var id in record.DeletedIds)
                {
                    last[id] = (null, record.Sequence);
                }
            }
        }

        foreach (var (id, write) in last.ToArray())
        {
            if (_lastWriteThroughQdrant.TryGetValue(id, out var later) && later > write.Sequence)
            {
                last.Remove(id); // a later acknowledged write already reached Qdrant
            }
        }

        long conflicts = 0, keptPrimary = 0;
        if (!SkipConflictChecks && last.Count > 0)
        {
            var ids = last.Keys.ToArray();
            var current = new Dictionary<PointId, VectorPoint>();
            // Qdrant's copies are about the size of the service's own versions: asked for in requests of a bounded size.
            foreach (var chunk in RequestChunks.Of(ids, id => last[id].Point is { } point ? PointBinary.Measure(point) : 64))
            {
                foreach (var point in await target.GetAsync(collection, chunk, withPayload: true, withVectors: true, cancellationToken))
                {
                    current[point.Id] = point;
                }
            }

            foreach (var id in ids)
            {
                if (!ChangedBehindTheService(id, current.GetValueOrDefault(id)))
                {
                    continue;
                }

                conflicts++;
                if (rule == ConflictRule.PrimaryWins)
                {
                    keptPrimary++;
                    last.Remove(id);
                }
            }
        }

        var upserts = last.Values.Where(v => v.Point is not null).Select(v => v.Point!).ToArray();
        var deletes = last.Where(v => v.Value.Point is null).Select(v => v.Key).ToArray();
        foreach (var chunk in RequestChunks.Of(upserts, PointBinary.Measure))
        {
            await target.UpsertAsync(collection, chunk, cancellationToken);
        }

        foreach (var chunk in RequestChunks.Of(deletes, PointBinary.MeasureId))
        {
            await target.DeleteAsync(collection, chunk, cancellationToken);
        }

        return new ReplayOutcome(batch.Count, upserts.Length, deletes.Length, conflicts, keptPrimary);
    }

    private bool ChangedBehindTheService(PointId id, VectorPoint? inQdrant)
    {
        if (!_priors.TryGetValue(id, out var prior) || PointContent.Same(inQdrant, prior))
        {
            return false;
        }

        // A version the service wrote itself: a replay interrupted after this point was applied, or a write through Qdrant.
        return !_serviceVersions.TryGetValue(id, out var versions) || !versions.Any(v => PointContent.Same(inQdrant, v));
    }

    private List<VectorPoint?> VersionsOf(PointId id)
    {
        if (!_serviceVersions.TryGetValue(id, out var versions))
        {
            versions = [];
            _serviceVersions[id] = versions;
        }

        return versions;
    }

    private IEnumerable<IReadOnlyList<JournalRecord>> Batches(IReadOnlyList<JournalRecord> records)
    {
        var batch = new List<JournalRecord>();
        var points = 0;
        foreach (var record in records)
        {
            var size = Math.Max(1, record.Points.Count + record.DeletedIds.Count);
            if (batch.Count > 0 && points + size > batchPoints)
            {
                yield return batch;
                batch = [];
                points = 0;
            }

            batch.Add(record);
            points += size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
