using Microsoft.Extensions.Logging;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Collections;

/// <summary>A collection's syncs (2xxx), serving (3xxx), and journal and sync-back (6xxx).</summary>
internal static partial class CollectionLog
{
    [LoggerMessage(2000, LogLevel.Information, "Collection '{Collection}' syncs every {Interval}.")]
    public static partial void SyncScheduled(ILogger logger, string collection, TimeSpan interval);

    [LoggerMessage(2001, LogLevel.Information, "Sync of '{Collection}' published generation {Generation}: {Points} points, {Bytes} bytes in {Milliseconds:F0} ms.")]
    public static partial void SyncCompleted(ILogger logger, string collection, long generation, long points, long bytes, double milliseconds);

    [LoggerMessage(2002, LogLevel.Warning, "Sync of '{Collection}' failed, the previous generation is kept.")]
    public static partial void SyncFailed(ILogger logger, Exception exception, string collection);

    [LoggerMessage(2003, LogLevel.Information, "Sync of '{Collection}' skipped: {Reason}.")]
    public static partial void SyncSkipped(ILogger logger, string collection, string reason);

    [LoggerMessage(3004, LogLevel.Information, "Collection '{Collection}' is no longer served from the backup.")]
    public static partial void ServingEnded(ILogger logger, string collection);

    [LoggerMessage(3006, LogLevel.Error, "Restoring '{Collection}' failed; the next call or command tries again.")]
    public static partial void RestoreFailed(ILogger logger, Exception exception, string collection);

    [LoggerMessage(3007, LogLevel.Warning, "The in-memory copy of '{Collection}' refused a write Qdrant had accepted.")]
    public static partial void CopyRefusedWrite(ILogger logger, Exception exception, string collection);

    [LoggerMessage(6002, LogLevel.Error, "Collection '{Collection}': the journal cannot be used; writes are refused until it is repaired.")]
    public static partial void JournalUnusable(ILogger logger, Exception exception, string collection);

    [LoggerMessage(6003, LogLevel.Warning, "Collection '{Collection}': dropped a torn last journal record ({Bytes} bytes) left by a crash; it was never acknowledged.")]
    public static partial void JournalTornTailDropped(ILogger logger, string collection, long bytes);

    [LoggerMessage(6004, LogLevel.Warning, "Sync-back of '{Collection}' starts: {Pending} journaled write(s) to replay into Qdrant (conflict rule {Rule}).")]
    public static partial void SyncBackStarted(ILogger logger, string collection, long pending, ConflictRule rule);

    [LoggerMessage(6005, LogLevel.Warning, "Sync-back of '{Collection}' re-seeds Qdrant from the backup: {Reason}.")]
    public static partial void Reseeding(ILogger logger, string collection, string reason);

    [LoggerMessage(6006, LogLevel.Warning, "Sync-back of '{Collection}' done: {Summary} in {Milliseconds:F0} ms.")]
    public static partial void SyncBackCompleted(ILogger logger, string collection, string summary, double milliseconds);

    [LoggerMessage(6007, LogLevel.Error, "Sync-back of '{Collection}' failed, failover continues and the journal keeps what is not replayed.")]
    public static partial void SyncBackFailed(ILogger logger, Exception exception, string collection);

    [LoggerMessage(6008, LogLevel.Warning, "Sync-back of '{Collection}': {Conflicts} point(s) were changed both in Qdrant and in the journal; rule {Rule} kept Qdrant's copy for {KeptPrimary}.")]
    public static partial void ConflictsResolved(ILogger logger, string collection, long conflicts, ConflictRule rule, long keptPrimary);

    [LoggerMessage(6009, LogLevel.Warning, "A write Qdrant acknowledged on '{Collection}' could not be journaled for the continuous backup; the caller is told it failed.")]
    public static partial void ContinuousBackupFailed(ILogger logger, Exception exception, string collection);

    [LoggerMessage(6012, LogLevel.Warning, "The state of '{Collection}' could not be written; it is written again with the next change.")]
    public static partial void StateNotWritten(ILogger logger, Exception exception, string collection);

    [LoggerMessage(6013, LogLevel.Debug, "Sync-back of '{Collection}': {Replayed} record(s) replayed so far, {Pending} pending, phase {Phase}.")]
    public static partial void SyncBackProgress(ILogger logger, string collection, long replayed, long pending, CollectionPhase phase);

    [LoggerMessage(6011, LogLevel.Error, "Traffic returned to Qdrant while the journal of '{Collection}' holds {Pending} write(s) not replayed: they are replayed now.")]
    public static partial void ReturnWithPendingWrites(ILogger logger, string collection, long pending);
}
