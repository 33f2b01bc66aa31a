using System.CommandLine;
using System.Text.Json;
using OrleansFailover.Client.Output;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Client.Commands;

/// <summary><c>status</c>: the circuit, failover, backups and every collection's backup at a glance.</summary>
internal static class StatusCommand
{
    public static Command Create(GlobalOptions global, TextWriter output, TextWriter error)
    {
        var command = new Command("status", "Show the circuit, failover state and every collection's backup.");
        SiloCommand.SetAction(command, global, output, error, async context =>
        {
            var status = await context.Client.GetGrain<IServiceStatusGrain>(0).GetStatus();
            if (context.Json)
            {
                await context.Output.WriteLineAsync(JsonSerializer.Serialize(ToJson(status), ClientJson.Options));
            }
            else
            {
                WriteHuman(context.Output, status);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static object ToJson(FailoverStatus status) => new
    {
        backup_enabled = status.BackupEnabled,
        failover_active = status.FailoverActive,
        failover_since = status.FailoverSince,
        failover_duration_seconds = status.FailoverDuration?.TotalSeconds,
        active_store = status.ActiveStore,
        circuit_state = status.Circuit.ToString(),
        consecutive_failures = status.ConsecutiveFailures,
        total_failures = status.TotalFailures,
        failure_threshold = status.FailureThreshold,
        circuit_opened_at = status.CircuitOpenedAt,
        manual_override = status.ManualOverride.ToString(),
        last_transition_reason = status.LastTransitionReason,
        last_health_check = status.LastHealthCheck is { } health
            ? new { at = health.At, healthy = health.Healthy, description = health.Description }
            : null,
        last_backup_sync = status.LastBackupSync,
        sync_back_active = status.SyncBackActive,
        sync_back_started_at = status.SyncBackStartedAt,
        sync_back_pending = status.SyncBackPending,
        conflict_rule = status.ConflictRule.ToString(),
        collections = status.Collections.Select(c => new
        {
            name = c.Name,
            backup_file_exists = c.BackupFileExists,
            size_bytes = c.SizeBytes,
            generation = c.Generation,
            point_count = c.PointCount,
            last_sync = c.LastSync,
            last_sync_duration_ms = c.LastSyncDuration?.TotalMilliseconds,
            checksum = c.Checksum,
            last_error = c.LastError,
            next_sync_due = c.NextSyncDue,
            sync_running = c.SyncRunning,
            serving_from_backup = c.ServingFromBackup,
            phase = c.Phase.ToString(),
            last_skip_reason = c.LastSkipReason,
            last_restore = c.LastRestore is { } restore
                ? new
                {
                    at = restore.At,
                    generation = restore.Generation,
                    points = restore.Points,
                    started_empty = restore.StartedEmpty,
                    error = restore.Error,
                    rejected = restore.Rejected.Select(r => new { generation = r.Generation, reason = r.Reason }),
                    journal_records_applied = restore.JournalRecordsApplied,
                    verdict = restore.Verdict,
                }
                : null,
            journal = c.Journal is { } journal ? SyncBackJson.Of(journal) : null,
            sync_back = c.SyncBack is { } syncBack ? SyncBackJson.Of(syncBack) : null,
        }),
    };

    private static void WriteHuman(TextWriter output, FailoverStatus status)
    {
        output.WriteLine($"Circuit:       {status.Circuit.ToString().ToUpperInvariant()} ({status.ConsecutiveFailures}/{status.FailureThreshold} consecutive failures, {status.TotalFailures} in total)");
        output.WriteLine(status.FailoverActive
            ? $"Failover:      ACTIVE since {Format.Time(status.FailoverSince)} ({Format.Duration(status.FailoverDuration)}){(status.ManualOverride == ManualOverride.ForcedFailover ? ", forced by an operator" : "")}"
            : "Failover:      inactive");
        output.WriteLine($"Active store:  {status.ActiveStore}");
        if (status.SyncBackActive)
        {
            output.WriteLine($"Sync-back:     RUNNING since {Format.Time(status.SyncBackStartedAt)}: replaying the failover journals into Qdrant ({status.SyncBackPending.Count} collection(s) to go); traffic returns when done");
        }

        if (status.LastTransitionReason is not null)
        {
            output.WriteLine($"Last change:   {status.LastTransitionReason}");
        }

        output.WriteLine(status.LastHealthCheck is { } health
            ? $"Health check:  {Format.Time(health.At)} {(health.Healthy ? "healthy" : "UNHEALTHY")}: {health.Description}"
            : "Health check:  none yet");
        output.WriteLine($"Backups:       {(status.BackupEnabled ? "enabled" : "periodic sync disabled")}, last sync {Format.Time(status.LastBackupSync)}");
        output.WriteLine();
        if (status.Collections.Count == 0)
        {
            output.WriteLine("No collections known yet.");
            return;
        }

        var table = new Table("COLLECTION", "PHASE", "BACKUP", "SIZE", "GEN", "POINTS", "LAST SYNC", "NEXT DUE", "JOURNAL", "RESTORE");
        foreach (var c in status.Collections)
        {
            table.Add(
                c.Name,
                c.Phase.ToString(),
                c.BackupFileExists ? (c.SyncRunning ? "syncing" : "yes") : "NONE",
                c.BackupFileExists ? Format.Bytes(c.SizeBytes) : "-",
                c.Generation?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                c.PointCount is { } points ? Format.Count(points) : "-",
                Format.Time(c.LastSync),
                Format.Time(c.NextSyncDue),
                c.Journal is { Error: null } journal
                    ? $"{Format.Bytes(journal.SizeBytes)}, {Format.Count(journal.PendingRecords)} pending"
                    : c.Journal?.Error is null ? "-" : "ERROR",
                c.LastRestore?.Verdict ?? "-");
        }

        table.WriteTo(output);
        foreach (var c in status.Collections.Where(c => c.LastError is not null))
        {
            output.WriteLine($"  {c.Name}: last sync failed: {c.LastError}");
        }

        foreach (var c in status.Collections.Where(c => c.Journal?.Error is not null))
        {
            output.WriteLine($"  {c.Name}: JOURNAL ERROR: {c.Journal!.Error}");
        }

        foreach (var c in status.Collections.Where(c => c.SyncBack is not null))
        {
            output.WriteLine($"  {c.Name}: sync-back {Format.Time(c.SyncBack!.StartedAt)}: {c.SyncBack.Summary}");
        }
    }
}
