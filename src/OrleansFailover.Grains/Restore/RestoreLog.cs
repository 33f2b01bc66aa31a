using Microsoft.Extensions.Logging;

namespace OrleansFailover.Grains.Restore;

/// <summary>Restores (event ids 3xxx).</summary>
internal static partial class RestoreLog
{
    [LoggerMessage(3000, LogLevel.Warning, "Backup generation {Generation} of '{Collection}' rejected: {Problem}.")]
    public static partial void GenerationRejected(ILogger logger, string collection, long generation, string problem);

    [LoggerMessage(3001, LogLevel.Information, "Collection '{Collection}' restored from generation {Generation}: {Points} points ({Rejected} newer generation(s) rejected) in {Milliseconds:F0} ms.")]
    public static partial void Restored(ILogger logger, string collection, long generation, long points, int rejected, double milliseconds);

    [LoggerMessage(3002, LogLevel.Error, "NO VALID BACKUP for '{Collection}' ({Rejected} generation(s) rejected): it serves EMPTY until Qdrant returns.")]
    public static partial void StartedEmpty(ILogger logger, string collection, int rejected);

    [LoggerMessage(3003, LogLevel.Error, "NO VALID BACKUP and no known schema for '{Collection}' ({Rejected} generation(s) rejected): it cannot be served until it is created or Qdrant returns.")]
    public static partial void RestoreImpossible(ILogger logger, string collection, int rejected);

    [LoggerMessage(3005, LogLevel.Error, "The journal of '{Collection}' cannot be read: the restore fails rather than hide acknowledged writes.")]
    public static partial void JournalUnreadable(ILogger logger, Exception exception, string collection);

    [LoggerMessage(6000, LogLevel.Information, "Collection '{Collection}': {Applied} journaled write(s) applied on top of the backup (from sequence {From}; {Skipped} refused).")]
    public static partial void JournalApplied(ILogger logger, string collection, long applied, long skipped, long from);

    [LoggerMessage(6001, LogLevel.Warning, "Collection '{Collection}': journal record {Sequence} could not be applied.")]
    public static partial void JournalRecordSkipped(ILogger logger, Exception exception, string collection, long sequence);
}
