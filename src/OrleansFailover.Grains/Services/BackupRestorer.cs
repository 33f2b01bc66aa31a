using Microsoft.Extensions.Logging;
using OrleansFailover.Backups.Journal;
using OrleansFailover.Backups.Reading;
using OrleansFailover.Backups.Restore;
using OrleansFailover.Backups.Storage;
using OrleansFailover.Backups.Validation;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Logging;
using OrleansFailover.Grains.Telemetry;

namespace OrleansFailover.Grains.Services;

/// <summary>
/// Restores a collection into this silo's in-memory store for failover: each generation, newest first, is
/// validated before anything is loaded; an invalid one is skipped for the next older one; only when none is
/// valid does the collection start empty (with the schema last seen), and that is reported loudly. Then the
/// collection's journal is applied on top: the writes since the generation's copy began (those Qdrant
/// acknowledged, and those accepted during failover), so nothing acknowledged is missing.
/// </summary>
public sealed class BackupRestorer(BackupFolder folder, BackupStore backup, ServiceTime time, FailoverMetrics metrics, ILogger<BackupRestorer> logger)
{
    public async Task<RestoreReport> RestoreAsync(
        string collection, CollectionSchema? knownSchema, CollectionJournal? journal, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var report = await RestoreGenerationAsync(collection, knownSchema, cancellationToken);
        if (journal is null || report.Error is not null)
        {
            return report;
        }

        // A generation without a journal position (imported, or written before journals) takes no records: they
        // might be older than its copy. An empty start takes every record the journal still has.
        var from = report.StartedEmpty ? 0 : report.JournalSequence;
        if (from is null)
        {
            return report;
        }

        var (applied, skipped) = await Task.Run(() => ApplyJournalAsync(collection, journal, from.Value, cancellationToken), cancellationToken);
        if (applied + skipped > 0)
        {
            ServiceLog.JournalApplied(logger, collection, applied, skipped, from.Value);
        }

        return report with { JournalRecordsApplied = applied, Duration = time.GetElapsedTime(started) };
    }

    private async Task<(long Applied, long Skipped)> ApplyJournalAsync(
        string collection, CollectionJournal journal, long from, CancellationToken cancellationToken)
    {
        long applied = 0, skipped = 0;
        foreach (var record in journal.ReadFrom(from))
        {
            try
            {
                if (record.Operation == JournalOperation.Upsert)
                {
                    await backup.Store.UpsertAsync(collection, record.Points, cancellationToken);
                }
                else
                {
                    await backup.Store.DeleteAsync(collection, record.DeletedIds, cancellationToken);
                }

                applied++;
            }
            catch (VectorStoreException exception)
            {
                // Accepted once, so valid then; a schema that changed since may refuse it. Counted and logged.
                skipped++;
                ServiceLog.JournalRecordSkipped(logger, collection, record.Sequence, exception.Message);
            }
        }

        return (applied, skipped);
    }

    private async Task<RestoreReport> RestoreGenerationAsync(string collection, CollectionSchema? knownSchema, CancellationToken cancellationToken)
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
                ServiceLog.GenerationRejected(logger, collection, generation.Generation, problem);
                metrics.GenerationRejected(collection);
                continue;
            }

            await backup.Store.DeleteCollectionAsync(collection, cancellationToken);
            BackupLoadResult loaded;
            try
            {
                // Off the grain's scheduler, like validation: a restore is seconds of work for large collections.
                loaded = await Task.Run(
                    () => BackupLoader.LoadAsync(
                        generation.Path, backup.Store, new BackupLoadOptions { Collection = collection }, cancellationToken),
                    cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or BackupFormatException or VectorStoreException)
            {
                // Valid a moment ago, unreadable now (replaced, disk error): the next older one may still do.
                await backup.Store.DeleteCollectionAsync(collection, cancellationToken);
                var reason = $"could not be loaded after validation: {exception.Message}";
                rejected.Add(new RejectedGeneration(generation.Generation, reason));
                ServiceLog.GenerationRejected(logger, collection, generation.Generation, reason);
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
            ServiceLog.Restored(logger, collection, generation.Generation, report.Points, rejected.Count, report.Duration.TotalMilliseconds);
            return report;
        }

        return await StartEmptyAsync(collection, knownSchema, rejected, started, cancellationToken);
    }

    private async Task<RestoreReport> StartEmptyAsync(
        string collection, CollectionSchema? knownSchema, List<RejectedGeneration> rejected, long started, CancellationToken cancellationToken)
    {
        if (knownSchema is null)
        {
            const string error = "no valid backup and no known schema to start an empty collection with";
            ServiceLog.RestoreImpossible(logger, collection, rejected.Count);
            return new RestoreReport
            {
                Collection = collection,
                At = time.GetUtcNow(),
                Rejected = rejected,
                StartedEmpty = true,
                Error = error,
                Duration = time.GetElapsedTime(started),
            };
        }

        await backup.Store.DeleteCollectionAsync(collection, cancellationToken);
        await backup.Store.CreateCollectionAsync(collection, knownSchema, cancellationToken);
        ServiceLog.StartedEmpty(logger, collection, rejected.Count);
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
