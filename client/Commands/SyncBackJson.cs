using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Client.Commands;

/// <summary>A sync-back report as scripts read it (snake_case).</summary>
internal static class SyncBackJson
{
    public static object Of(SyncBackReport report) => new
    {
        collection = report.Collection,
        phase = report.Phase.ToString(),
        started_at = report.StartedAt,
        records_replayed = report.RecordsReplayed,
        points_upserted = report.PointsUpserted,
        points_deleted = report.PointsDeleted,
        conflicts = report.Conflicts,
        conflicts_kept_primary = report.ConflictsKeptPrimary,
        conflict_rule = report.Rule.ToString(),
        reseed_reason = report.ReseedReason,
        generation = report.Generation,
        error = report.Error,
        duration_ms = report.Duration.TotalMilliseconds,
    };

    public static object Of(JournalStatus journal) => new
    {
        size_bytes = journal.SizeBytes,
        segments = journal.Segments,
        records = journal.Records,
        oldest_record_at = journal.OldestRecordAt,
        pending_records = journal.PendingRecords,
        replayed_through = journal.ReplayedThrough,
        next_sequence = journal.NextSequence,
        dropped_torn_bytes = journal.DroppedTornBytes,
        error = journal.Error,
    };
}
