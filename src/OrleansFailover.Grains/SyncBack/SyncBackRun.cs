using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Serialization;
using OrleansFailover.Contracts.Service;
using OrleansFailover.VectorStores;

namespace OrleansFailover.Grains.SyncBack;

/// <summary>
/// One collection's replay into Qdrant after failover. First, a Qdrant that came back without the collection or
/// with far fewer points than the backup (it lost its disk) is re-seeded from the in-memory copy, schema and all
/// points. Then every failover write the journal holds after the replay checkpoint is replayed in batches
/// (<see cref="JournalReplayer"/>), in sequence order and none skipped, again and again while writes keep arriving,
/// until none is pending; at that moment, with no await in between, <c>trySeal</c> runs, so that no write can slip
/// in between the last replay and the seal.
/// </summary>
public sealed class SyncBackRun(
    string collection,
    IVectorStore? copy,
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

    /// <summary>
    /// Replays until the journal is drained, then calls <paramref name="trySeal"/> in the same turn: true when the
    /// collection sealed, false when it no longer wanted to (failover began again). Passes catch up while writes keep
    /// arriving; once no more than a batch is left, or a pass did not shrink what is left (writers outpace the replay),
    /// <paramref name="finalDrain"/> runs in the same turn as that count: new writes then wait for the seal, so what is
    /// left cannot grow and the drain ends. <paramref name="keepGoing"/> is asked before each pass: a run that is no
    /// longer wanted stops there. <paramref name="progress"/> after each pass.
    /// </summary>
    public async Task<bool> RunAsync(
        Func<bool> trySeal, Action finalDrain, Func<bool> keepGoing, Action<SyncBackRun> progress, CancellationToken cancellationToken = default)
    {
        ReseedReason = await FindReseedReasonAsync(cancellationToken);
        if (ReseedReason is not null)
        {
            await ReseedAsync(cancellationToken);
            progress(this);
        }

        var replayer = new JournalReplayer(primary, collection, rule, batchPoints) { SkipConflictChecks = ReseedReason is not null };
        // Learn from the older of the two: where this failover began (its prior images) and the first write not yet replayed.
        var learnedThrough = Math.Min(epochStart, journal.ReplayedThrough + 1) - 1;
        long? leftBefore = null;
        while (true)
        {
            // Checked and sealed without an await in between: a write arriving later finds the collection sealed.
            var left = journal.PendingRecords;
            if (left == 0)
            {
                return trySeal();
            }

            if (left <= batchPoints || left >= leftBefore)
            {
                finalDrain();
            }

            leftBefore = left;

            if (!keepGoing())
            {
                return false;
            }

            var fresh = journal.ReadFrom(learnedThrough + 1);
            foreach (var record in fresh)
            {
                replayer.Learn(record);
                learnedThrough = record.Sequence;
            }

            // Every failover write after the checkpoint, however old, once it is on disk: the checkpoint only ever moves
            // past what was replayed, and never past what a crash could take back (a reopened journal must not reuse it).
            await journal.FlushAsync();
            var (replayedThrough, durableThrough) = (journal.ReplayedThrough, journal.DurableThrough);
            var pending = fresh.Where(r => r.Origin == JournalOrigin.Failover && r.Sequence > replayedThrough && r.Sequence <= durableThrough).ToArray();
            if (pending.Length == 0)
            {
                throw new InvalidOperationException(
                    $"The journal of '{collection}' counts {journal.PendingRecords} pending write(s) after sequence {replayedThrough}, but none can be read.");
            }

            Outcome = Outcome.Add(await replayer.ReplayAsync(pending, journal.MarkReplayedAsync, cancellationToken));
            progress(this);
        }
    }

    private async Task<string?> FindReseedReasonAsync(CancellationToken cancellationToken)
    {
        if (!await primary.CollectionExistsAsync(collection, cancellationToken))
        {
            return copy is not null && await copy.CollectionExistsAsync(collection, cancellationToken)
                ? "Qdrant came back without the collection"
                : null; // known to neither side: nothing to put back
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
        if (copy is null)
        {
            throw new InvalidOperationException($"Qdrant lost '{collection}' and there is no in-memory copy to re-seed it from.");
        }

        var schema = (await copy.GetCollectionAsync(collection, cancellationToken)).Schema;
        if (!await primary.CollectionExistsAsync(collection, cancellationToken))
        {
            await primary.CreateCollectionAsync(collection, schema, cancellationToken);
        }

        PointId? offset = null;
        do
        {
            var page = await copy.ScrollAsync(
                collection, new ScrollRequest { Offset = offset, Limit = ReseedPageSize, WithPayload = true, WithVectors = true }, cancellationToken);
            foreach (var chunk in RequestChunks.Of(page.Points, PointBinary.Measure))
            {
                await primary.UpsertAsync(collection, chunk, cancellationToken);
            }

            offset = page.NextOffset;
        }
        while (offset is not null);
    }
}
