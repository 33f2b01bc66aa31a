using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;
using OrleansFailover.VectorStores;

namespace OrleansFailover.Grains.SyncBack;

/// <summary>
/// One collection's replay into Qdrant after failover. First, a Qdrant that came back without the collection or
/// with far fewer points than the backup (it lost its disk) is re-seeded from the in-memory copy, schema and all
/// points. Then the journal's pending failover writes are replayed in batches (<see cref="JournalReplayer"/>),
/// again and again while writes keep arriving, until none is pending; at that moment, in the same turn, the
/// caller's <c>seal</c> runs, so that no write can slip in between the last replay and the switch.
/// </summary>
public sealed class SyncBackRun(
    string collection,
    IVectorStore memory,
    IVectorStore primary,
    CollectionJournal journal,
    long epochStart,
    long backupPoints,
    ConflictRule rule,
    int batchPoints,
    double reseedBelowFraction)
{
    private const int ReseedPageSize = 512;

    public string? ReseedReason { get; private set; }

    public ReplayOutcome Outcome { get; private set; } = ReplayOutcome.None;

    /// <summary>Runs until the journal is drained and <paramref name="seal"/> has run; <paramref name="progress"/> after each pass.</summary>
    public async Task RunAsync(Action seal, Action<SyncBackRun> progress, CancellationToken cancellationToken = default)
    {
        ReseedReason = await FindReseedReasonAsync(cancellationToken);
        if (ReseedReason is not null)
        {
            await ReseedAsync(cancellationToken);
            progress(this);
        }

        var learnedThrough = epochStart - 1;
        var replayer = new JournalReplayer(primary, collection, [], rule, batchPoints) { SkipConflictChecks = ReseedReason is not null };
        while (true)
        {
            // Checked and sealed without an await in between: a write arriving later finds the collection sealed.
            if (journal.PendingRecords == 0)
            {
                seal();
                return;
            }

            var fresh = journal.ReadFrom(learnedThrough + 1);
            foreach (var record in fresh)
            {
                replayer.Learn(record);
                learnedThrough = record.Sequence;
            }

            var replayedThrough = journal.ReplayedThrough;
            var pending = fresh.Where(r => r.Origin == JournalOrigin.Failover && r.Sequence > replayedThrough).ToArray();
            if (pending.Length == 0)
            {
                // Pending records older than what this pass learned (a restart mid-replay): read them from the checkpoint.
                pending = journal.ReadFrom(replayedThrough + 1).Where(r => r.Origin == JournalOrigin.Failover).ToArray();
                if (pending.Length == 0)
                {
                    throw new InvalidOperationException(
                        $"The journal of '{collection}' counts {journal.PendingRecords} pending write(s) after sequence {replayedThrough}, but none can be read.");
                }
            }

            Outcome = Outcome.Add(await replayer.ReplayAsync(pending, journal.MarkReplayedAsync, cancellationToken));
            progress(this);
        }
    }

    private async Task<string?> FindReseedReasonAsync(CancellationToken cancellationToken)
    {
        if (!await primary.CollectionExistsAsync(collection, cancellationToken))
        {
            return "Qdrant came back without the collection";
        }

        var inQdrant = await primary.CountAsync(collection, cancellationToken: cancellationToken);
        return backupPoints > 0 && inQdrant < backupPoints * reseedBelowFraction
            ? $"Qdrant came back with {inQdrant} points where the backup had {backupPoints}"
            : null;
    }

    /// <summary>
    /// Every point of the in-memory copy goes to Qdrant (it holds the backup and every failover write so far). The
    /// journal is still replayed afterwards: its deletes remove what Qdrant kept of deleted points.
    /// </summary>
    private async Task ReseedAsync(CancellationToken cancellationToken)
    {
        var schema = (await memory.GetCollectionAsync(collection, cancellationToken)).Schema;
        if (!await primary.CollectionExistsAsync(collection, cancellationToken))
        {
            await primary.CreateCollectionAsync(collection, schema, cancellationToken);
        }

        PointId? offset = null;
        do
        {
            var page = await memory.ScrollAsync(
                collection, new ScrollRequest { Offset = offset, Limit = ReseedPageSize, WithPayload = true, WithVectors = true }, cancellationToken);
            if (page.Points.Count > 0)
            {
                await primary.UpsertAsync(collection, page.Points, cancellationToken);
            }

            offset = page.NextOffset;
        }
        while (offset is not null);
    }
}
