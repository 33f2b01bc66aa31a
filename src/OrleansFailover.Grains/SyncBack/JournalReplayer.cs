using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;
using OrleansFailover.VectorStores;

namespace OrleansFailover.Grains.SyncBack;

/// <summary>
/// Replays failover writes into Qdrant in batches. Within a batch only each point's last write counts (an upsert,
/// or a delete as a tombstone), so a batch applies the same end state however often it is replayed; after each
/// batch the checkpoint moves, so a replay interrupted anywhere resumes without applying anything twice in a way
/// that shows, and a deleted point is never resurrected.
/// Before a batch is applied, Qdrant's copies of its points are compared with what the service had when failover
/// began (the prior images in the journal): a copy that is neither that nor a version the journal wrote was
/// changed in Qdrant during the outage, and <see cref="ConflictRule"/> decides.
/// </summary>
public sealed class JournalReplayer
{
    private readonly IVectorStore _target;
    private readonly string _collection;
    private readonly ConflictRule _rule;
    private readonly int _batchPoints;
    private readonly Dictionary<PointId, VectorPoint?> _priors = [];
    private readonly Dictionary<PointId, List<VectorPoint?>> _journalVersions = [];
    private readonly Dictionary<PointId, DateTimeOffset> _acceptedOnPrimary = [];

    /// <param name="epoch">Every journal record since failover began (both kinds): the prior images, the versions the
    /// journal wrote, and the times at which writes that went to Qdrant were accepted.</param>
    public JournalReplayer(IVectorStore target, string collection, IEnumerable<JournalRecord> epoch, ConflictRule rule, int batchPoints = 1024)
    {
        _target = target;
        _collection = collection;
        _rule = rule;
        _batchPoints = batchPoints;
        foreach (var record in epoch)
        {
            Learn(record);
        }
    }

    /// <summary>Qdrant was re-seeded from the backup: its copies are the service's own, there is nothing to conflict with.</summary>
    public bool SkipConflictChecks { get; init; }

    /// <summary>A record appended after the replayer was built (a write during sync-back).</summary>
    public void Learn(JournalRecord record)
    {
        if (record.Origin == JournalOrigin.Primary)
        {
            foreach (var id in record.Ids)
            {
                _acceptedOnPrimary[id] = record.AcceptedAt;
            }

            return;
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
        var last = new Dictionary<PointId, (VectorPoint? Point, DateTimeOffset At)>();
        foreach (var record in batch)
        {
            if (record.Operation == JournalOperation.Upsert)
            {
                foreach (var point in record.Points)
                {
                    last[point.Id] = (point, record.AcceptedAt);
                }
            }
            else
            {
                foreach (var id in record.DeletedIds)
                {
                    last[id] = (null, record.AcceptedAt);
                }
            }
        }

        long conflicts = 0, keptPrimary = 0;
        if (!SkipConflictChecks)
        {
            var ids = last.Keys.ToArray();
            var current = (await _target.GetAsync(_collection, ids, withPayload: true, withVectors: true, cancellationToken))
                .ToDictionary(p => p.Id);
            foreach (var id in ids)
            {
                var inQdrant = current.GetValueOrDefault(id);
                if (!ChangedInQdrant(id, inQdrant))
                {
                    continue;
                }

                conflicts++;
                if (QdrantWins(id, last[id].At))
                {
                    keptPrimary++;
                    last.Remove(id);
                }
            }
        }

        var upserts = last.Values.Where(v => v.Point is not null).Select(v => v.Point!).ToArray();
        var deletes = last.Where(v => v.Value.Point is null).Select(v => v.Key).ToArray();
        if (upserts.Length > 0)
        {
            await _target.UpsertAsync(_collection, upserts, cancellationToken);
        }

        if (deletes.Length > 0)
        {
            await _target.DeleteAsync(_collection, deletes, cancellationToken);
        }

        return new ReplayOutcome(batch.Count, upserts.Length, deletes.Length, conflicts, keptPrimary);
    }

    private bool ChangedInQdrant(PointId id, VectorPoint? inQdrant)
    {
        if (!_priors.TryGetValue(id, out var prior) || PointContent.Same(inQdrant, prior))
        {
            return false;
        }

        // A version the journal itself wrote: a replay interrupted after this point was applied.
        return !_journalVersions.TryGetValue(id, out var versions) || !versions.Any(v => PointContent.Same(inQdrant, v));
    }

    private bool QdrantWins(PointId id, DateTimeOffset journaledAt) => _rule switch
    {
        ConflictRule.PrimaryWins => true,
        ConflictRule.JournalWins => false,
        _ => _acceptedOnPrimary.TryGetValue(id, out var acceptedOnPrimary) && acceptedOnPrimary > journaledAt,
    };

    private List<VectorPoint?> VersionsOf(PointId id)
    {
        if (!_journalVersions.TryGetValue(id, out var versions))
        {
            versions = [];
            _journalVersions[id] = versions;
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
            if (batch.Count > 0 && points + size > _batchPoints)
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
