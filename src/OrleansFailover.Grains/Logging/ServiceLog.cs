using Microsoft.Extensions.Logging;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Logging;

/// <summary>Every log line of the failover service, with stable event ids (1xxx circuit, 2xxx sync, 3xxx restore, 4xxx routing, 5xxx hosting).</summary>
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

    [LoggerMessage(5000, LogLevel.Information, "Start-up: {Count} collection(s) known ({FromPrimary} from Qdrant, {FromFolder} from the backup folder {Folder}).")]
    public static partial void StartupDiscovered(ILogger logger, int count, int fromPrimary, int fromFolder, string folder);

    [LoggerMessage(5001, LogLevel.Warning, "Start-up: Qdrant could not be listed ({Message}); collections come from the backup folder and the failover grain's state.")]
    public static partial void StartupPrimaryUnavailable(ILogger logger, string message);
}
