using Microsoft.Extensions.Logging;

namespace OrleansFailover.Grains.Hosting;

/// <summary>Start-up (event ids 5xxx).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(5000, LogLevel.Information, "Start-up: {Count} collection(s) known ({FromPrimary} from Qdrant, {FromFolder} from the backup folder {Folder}).")]
    public static partial void StartupDiscovered(ILogger logger, int count, int fromPrimary, int fromFolder, string folder);

    [LoggerMessage(5001, LogLevel.Warning, "Start-up: Qdrant could not be listed ({Message}); collections come from the backup folder and the failover grain's state.")]
    public static partial void StartupPrimaryUnavailable(ILogger logger, string message);

    [LoggerMessage(5002, LogLevel.Warning, "Start-up: Qdrant lists a collection whose name the service cannot back up, so it is not taken care of: '{Name}'.")]
    public static partial void IllegalNameSkipped(ILogger logger, string name);
}
