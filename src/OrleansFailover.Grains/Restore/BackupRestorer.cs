using Microsoft.Extensions.Logging;
using OrleansFailover.Backups.Journal;
using OrleansFailover.Backups.Reading;
using OrleansFailover.Backups.Restore;
using OrleansFailover.Backups.Storage;
using OrleansFailover.Backups.Validation;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Services;
using OrleansFailover.Grains.Telemetry;
using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.Grains.Restore;

/// <summary>
/// Restores a collection into a new in-memory copy for failover: each generation, newest first, is validated
/// before anything is loaded; an invalid one is skipped for the next older one; only when none is valid does the
/// collection start empty (with the schema last seen), and that is reported loudly. Then the collection's journal
/// is applied on top: the writes since the generation's copy began (those Qdrant acknowledged, and those accepted
/// during failover), so nothing acknowledged is missing. A journal that cannot be read fails the restore (with the
/// reason): serving without it would hide acknowledged writes.
/// </summary>
public sealed class BackupRestorer(BackupFolder folder, ServiceTime time, FailoverMetrics metrics, ILogger<BackupRestorer> logger)
{
    /// <summary>The restored copy (which holds no collection when neither a backup nor a schema is known), and what happened.</summary>
    /// <param name="failoverEpochStart">Where the current failover began in the journal, if it did: a generation that
    /// does not say where its copy began still gets every record from there on (this failover's writes).</param>
    public async Task<(RestoreReport Report, InMemoryVectorStore Copy)> RestoreAsync(
        string collection, CollectionSchema? knownSchema, CollectionJournal journal, long? failoverEpochStart, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var copy = new InMemoryVectorStore();
        var report = await RestoreGenerationAsync(copy, collection, knownSchema, cancellationToken);
        if (report.SchemaUnknown)
        {
            return (report, copy);
        }

        // A generation without a journal position (imported, or written before journals) takes only the records of the
        // failover under way: older ones might be older than its copy. An empty start takes every record there is.
        var from = report.StartedEmpty ? 0 : report.JournalSequence ?? failoverEpochStart;
        if (from is null)
        {
            return (report, copy);
        }

        try
        {
            var (applied, skipped) = await Task.Run(() => ApplyJournal(copy, collection, journal, from.Value), cancellationToken);
            if (applied + skipped > 0)
            {
                RestoreLog.JournalApplied(logger, collection, applied, skipped, from.Value);
            }

            return (report with { JournalRecordsApplied = applied, Duration = time.GetElapsedTime(started) }, copy);
        }
        catch (IOException exception)
        {
            RestoreLog.JournalUnreadable(logger, exception, collection);
            return (report with { Error = $"its journal cannot be read ({exception.Message})", Duration = time.GetElapsedTime(started) }, copy);
        }
    }

    private (long Applied, long Skipped) ApplyJournal(InMemoryVectorStore copy, string collection, CollectionJournal journal, long from)
    {
        long applied = 0, skipped = 0;
        foreach (var record in journal.ReadFrom(from))
        {
            try
            {
                if (record.Operation == JournalOperation.Upsert)
                {
                    copy.Upsert(collection, record.Points);
                }
                else
                {
                    copy.Delete(collection, record.DeletedIds);
                }

                applied++;
            }
            catch (VectorStoreException exception)
            {
                // Accepted once, so valid then; a schema that changed since may refuse it. Counted and logged.
                skipped++;
                RestoreLog.JournalRecordSkipped(logger, exception, collection, record.Sequence);
            }
        }

        return (applied, skipped);
    }

    private async Task<RestoreReport> RestoreGenerationAsync(
        InMemoryVectorStore copy, string collection, CollectionSchema? knownSchema, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var rejected = new List<RejectedGeneration>();
        foreach (var generation in folder.ListGenerations(collection))
        {
            var verdict = await Task.Run(() => BackupValidator.ValidateFile(generation.Path), cancellationToken);
            var problem = FindProblem(verdict, collection);
            if (problem is not null)
            {
                rejected.Add(new RejectedGeneration(generation.Generation, problem));
                RestoreLog.GenerationRejected(logger, collection, generation.Generation, problem);
                metrics.GenerationRejected(collection);
                continue;
            }

            await copy.DeleteCollectionAsync(collection, cancellationToken);
            BackupLoadResult loaded;
            try
            {
                // Off the grain's scheduler, like validation: a restore is seconds of work for large collections.
                loaded = await Task.Run(
                    () => BackupLoader.LoadAsync(
                        generation.Path, copy, new BackupLoadOptions { Collection = collection }, cancellationToken),
                    cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or BackupFormatException or VectorStoreException)
            {
                // Valid a moment ago, unreadable now (replaced, disk error): the next older one may still do.
                await copy.DeleteCollectionAsync(collection, cancellationToken);
                var reason = $"could not be loaded after validation: {exception.Message}";
                rejected.Add(new RejectedGeneration(generation.Generation, reason));
                RestoreLog.GenerationRejected(logger, collection, generation.Generation, reason);
                continue;
            }

            var report = new RestoreReport
            {
                Collection = collection,
                At = time.GetUtcNow(),
                Generation = generation.Generation,
                Points = loaded.TotalPoints,
                Rejected = rejected,
                Duration = time.GetElapsedTime(started),
                JournalSequence = verdict.JournalSequence,
            };
            RestoreLog.Restored(logger, collection, generation.Generation, report.Points, rejected.Count, report.Duration.TotalMilliseconds);
            return report;
        }

        return await StartEmptyAsync(copy, collection, knownSchema, rejected, started, cancellationToken);
    }

    private async Task<RestoreReport> StartEmptyAsync(
        InMemoryVectorStore copy, string collection, CollectionSchema? knownSchema, List<RejectedGeneration> rejected, long started,
        CancellationToken cancellationToken)
    {
        if (knownSchema is null)
        {
            // Nothing is known of this collection: it is absent until someone creates it (or Qdrant returns).
            RestoreLog.RestoreImpossible(logger, collection, rejected.Count);
            return new RestoreReport
            {
                Collection = collection,
                At = time.GetUtcNow(),
                Rejected = rejected,
                StartedEmpty = true,
                SchemaUnknown = true,
                Duration = time.GetElapsedTime(started),
            };
        }

        await copy.CreateCollectionAsync(collection, knownSchema, cancellationToken);
        RestoreLog.StartedEmpty(logger, collection, rejected.Count);
        return new RestoreReport
        {
            Collection = collection,
            At = time.GetUtcNow(),
            Rejected = rejected,
            StartedEmpty = true,
            Duration = time.GetElapsedTime(started),
        };
    }

    private static string? FindProblem(BackupVerdict verdict, string collection)
    {
        if (!verdict.IsValid)
        {
            var first = verdict.Problems.FirstOrDefault();
            return first is null ? "invalid" : $"{verdict.ProblemCount} problem(s), first: {first}";
        }

        return verdict.Collections.Any(c => string.Equals(c.Name, collection, StringComparison.Ordinal))
            ? null
            : $"the file holds no collection named '{CollectionNames.Printable(collection)}'";
    }
}
