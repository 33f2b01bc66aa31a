using Microsoft.Extensions.Logging;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Failover;

/// <summary>The circuit and failover (event ids 1xxx).</summary>
internal static partial class FailoverLog
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

    [LoggerMessage(1006, LogLevel.Warning, "A command to collection '{Collection}' could not be sent; it is sent again on the next probe tick.")]
    public static partial void CommandNotSent(ILogger logger, Exception exception, string collection);

    [LoggerMessage(1007, LogLevel.Warning, "A health probe result could not be delivered.")]
    public static partial void ProbeReportFailed(ILogger logger, Exception exception);

    [LoggerMessage(1008, LogLevel.Information, "A call to Qdrant by {Operation} ran past its deadline ({Error}): a health probe decides whether it counts.")]
    public static partial void PrimaryTimeoutReported(ILogger logger, string operation, string error);

    [LoggerMessage(1009, LogLevel.Information, "Collection '{Collection}' admitted to serve from its backup ({Directive}, circuit {Circuit}).")]
    public static partial void CollectionAdmitted(ILogger logger, string collection, AdmissionDirective directive, CircuitState circuit);

    [LoggerMessage(1010, LogLevel.Warning, "Dropped illegal collection names from the failover state (written before names were checked): {Names}.")]
    public static partial void IllegalNamesDropped(ILogger logger, string names);

    [LoggerMessage(6010, LogLevel.Warning, "Sync-back: every collection is done, traffic returns to Qdrant ({Collections} collection(s)).")]
    public static partial void SyncBackAllDone(ILogger logger, int collections);
}
