using Microsoft.Extensions.Logging;

namespace OrleansFailover.Grains.Routing;

/// <summary>Routing (event ids 4xxx).</summary>
internal static partial class RoutingLog
{
    [LoggerMessage(4000, LogLevel.Warning, "Qdrant call {Operation} failed: {Error}; failover active: {FailoverActive}.")]
    public static partial void PrimaryCallFailed(ILogger logger, string operation, string error, bool failoverActive);

    [LoggerMessage(4001, LogLevel.Debug, "Refreshing the cached mode failed.")]
    public static partial void ModeRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(4002, LogLevel.Warning, "The circuit is closed but this silo cannot reach Qdrant yet ({Description}); it keeps routing to the backup (attempt {Attempt}).")]
    public static partial void ReturnDeferred(ILogger logger, string description, int attempt);
}
