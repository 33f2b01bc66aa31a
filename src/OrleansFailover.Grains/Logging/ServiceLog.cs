using Microsoft.Extensions.Logging;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Logging;

/// <summary>Every log line of the failover service, with stable event ids (1xxx circuit, 2xxx sync, 3xxx restore, 4xxx routing, 5xxx hosting, 6xxx journal and sync-back).</summary>
internal static partial class ServiceLog
{
    [LoggerMessage(1000, LogLevel.Warning, "Circuit OPEN (was {From}): {Reason}. Failover starts: {Collections} collection(s) validate and restore their backups.")]
    public static partial void CircuitOpened(ILogger logger, CircuitState from, string reason, int collections);

    [LoggerMessage(1001, LogLevel.Information, "Circuit HALF-OPEN: {Reason}.")]
    public static partial void CircuitHalfOpened(ILogger logger, string reason);

    [LoggerMessage(1002, LogLevel.Warning, "Circuit CLOSED (was {From}): {Reason}. Traffic returns to Qdrant.")]
    public static partial void CircuitClosed(ILogger logger, CircuitState from, string reason);

    [LoggerMessage(1003, LogLevel.Warning, "Failover grain activated while failover is active (circuit {Circuit} since {Since}): staying in failover.")]
    public static partial void ResumedInFailover(ILogger logger, CircuitState circuit, DateTimeOffset? since);

    [LoggerMessage(1004, LogLevel.Information, "Qdrant failure reported by {Operation}: {Error} ({Consecutive} consecutive).")]
    public static partial void PrimaryFailureReported(ILogger logger, string operation, string error, int consecutive);

    [LoggerMessage(1005, LogLevel.Information, "Collection '{Collection}' is now known to the failover service.")]
    public static partial void CollectionRegistered(ILogger logger, string collection);

    [LoggerMessage(1006, LogLevel.Error, "Preparing failover for collection '{Collection}' failed: {Message}.")]
    public static partial void PrepareFailed(ILogger logger, string collection, string message);

    [LoggerMessage(1007, LogLevel.Warning, "A health probe result could not be delivered: {Message}.")]
    public static partial void ProbeReportFailed(ILogger logger, string message);

    [LoggerMessage(2000, LogLevel.Information, "Collection '{Collection}' syncs every {Interval}.")]
    public static partial void SyncScheduled(ILogger logger, string collection, TimeSpan interval);

    [LoggerMessage(2001, LogLevel.Information, "Sync of '{Collection}' published generation {Generation}: {Points} points, {Bytes} bytes in {Milliseconds:F0} ms.")]
    public static partial void SyncCompleted(ILogger logger, string collection, long generation, long points, long bytes, double milliseconds);

    [LoggerMessage(2002, LogLevel.Warning, "Sync of '{Collection}' failed, the previous generation is kept: {Message}.")]
    public static partial void SyncFailed(ILogger logger, string collection, string message);

    [LoggerMessage(2003, LogLevel.Information, "Sync of '{Collection}' skipped: {Reason}.")]
    public static partial void SyncSkipped(ILogger logger, string collection, string reason);

    [LoggerMessage(2004, LogLevel.Debug, "Event of '{Collection}' not published: {Message}.")]
    public static partial void PublishFailed(ILogger logger, string collection, string message);

    [LoggerMessage(3000, LogLevel.Warning, "Backup generation {Generation} of '{Collection}' rejected: {Problem}.")]
    public static partial void GenerationRejected(ILogger logger, string collection, long generation, string problem);

    [LoggerMessage(3001, LogLevel.Information, "Collection '{Collection}' restored from generation {Generation}: {Points} points ({Rejected} newer generation(s) rejected) in {Milliseconds:F0} ms.")]
    public static partial void Restored(ILogger logger, string collection, long generation, long points, int rejected, double milliseconds);

    [LoggerMessage(3002, LogLevel.Error, "NO VALID BACKUP for '{Collection}' ({Rejected} generation(s) rejected): it serves EMPTY until Qdrant returns.")]
    public static partial void StartedEmpty(ILogger logger, string collection, int rejected);

    [LoggerMessage(3003, LogLevel.Error, "NO VALID BACKUP and no known schema for '{Collection}' ({Rejected} generation(s) rejected): it cannot be served until Qdrant returns.")]
    public static partial void RestoreImpossible(ILogger logger, string collection, int rejected);

    [LoggerMessage(3004, LogLevel.Information, "Collection '{Collection}' is no longer served from the backup.")]
    public static partial void ServingEnded(ILogger logger, string collection);

    [LoggerMessage(4000, LogLevel.Warning, "Qdrant call {Operation} failed: {Error}; failover active: {FailoverActive}.")]
    public static partial void PrimaryCallFailed(ILogger logger, string operation, string error, bool failoverActive);

    [LoggerMessage(4002, LogLevel.Warning, "The circuit is closed but this silo cannot reach Qdrant yet ({Description}); it keeps routing to the backup (attempt {Attempt}).")]
    public static partial void ReturnDeferred(ILogger logger, string description, int attempt);

    [LoggerMessage(4001, LogLevel.Debug, "Refreshing the cached mode failed: {Message}.")]
    public static partial void ModeRefreshFailed(ILogger logger, string message);

    [LoggerMessage(6000, LogLevel.Information, "Collection '{Collection}': {Applied} journaled write(s) applied on top of the backup (from sequence {From}; {Skipped} refused).")]
    public static partial void JournalApplied(ILogger logger, string collection, long applied, long skipped, long from);

    [LoggerMessage(6001, LogLevel.Warning, "Collection '{Collection}': journal record {Sequence} could not be applied: {Message}.")]
    public static partial void JournalRecordSkipped(ILogger logger, string collection, long sequence, string message);

    [LoggerMessage(6002, LogLevel.Error, "Collection '{Collection}': the journal cannot be used ({Message}); writes during failover are refused until it is repaired.")]
    public static partial void JournalUnusable(ILogger logger, string collection, string message);

    [LoggerMessage(6003, LogLevel.Warning, "Collection '{Collection}': dropped a torn last journal record ({Bytes} bytes) left by a crash; it was never acknowledged.")]
    public static partial void JournalTornTailDropped(ILogger logger, string collection, long bytes);

    [LoggerMessage(6004, LogLevel.Warning, "Sync-back of '{Collection}' starts: {Pending} journaled write(s) to replay into Qdrant (conflict rule {Rule}).")]
    public static partial void SyncBackStarted(ILogger logger, string collection, long pending, ConflictRule rule);

    [LoggerMessage(6005, LogLevel.Warning, "Sync-back of '{Collection}' re-seeds Qdrant from the backup: {Reason}.")]
    public static partial void Reseeding(ILogger logger, string collection, string reason);

    [LoggerMessage(6006, LogLevel.Warning, "Sync-back of '{Collection}' done: {Summary} in {Milliseconds:F0} ms.")]
    public static partial void SyncBackCompleted(ILogger logger, string collection, string summary, double milliseconds);

    [LoggerMessage(6007, LogLevel.Error, "Sync-back of '{Collection}' failed, failover continues and the journal keeps what is not replayed: {Message}.")]
    public static partial void SyncBackFailed(ILogger logger, string collection, string message);

    [LoggerMessage(6008, LogLevel.Warning, "Sync-back of '{Collection}': {Conflicts} point(s) were changed both in Qdrant and in the journal; rule {Rule} kept Qdrant's copy for {KeptPrimary}.")]
    public static partial void ConflictsResolved(ILogger logger, string collection, long conflicts, ConflictRule rule, long keptPrimary);

    [LoggerMessage(6009, LogLevel.Warning, "A write Qdrant acknowledged on '{Collection}' could not be journaled for the continuous backup ({Message}); the next full sync includes it.")]
    public static partial void ContinuousBackupFailed(ILogger logger, string collection, string message);

    [LoggerMessage(6010, LogLevel.Warning, "Sync-back: every collection is done, traffic returns to Qdrant ({Collections} collection(s)).")]
    public static partial void SyncBackAllDone(ILogger logger, int collections);

    [LoggerMessage(5000, LogLevel.Information, "Start-up: {Count} collection(s) known ({FromPrimary} from Qdrant, {FromFolder} from the backup folder {Folder}).")]
    public static partial void StartupDiscovered(ILogger logger, int count, int fromPrimary, int fromFolder, string folder);

    [LoggerMessage(5001, LogLevel.Warning, "Start-up: Qdrant could not be listed ({Message}); collections come from the backup folder and the failover grain's state.")]
    public static partial void StartupPrimaryUnavailable(ILogger logger, string message);
}
