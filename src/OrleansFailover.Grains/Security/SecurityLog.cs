using Microsoft.Extensions.Logging;
using OrleansFailover.Contracts.Security;

namespace OrleansFailover.Grains.Security;

/// <summary>Security (event ids 9xxx).</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(9000, LogLevel.Warning, "Refused {Call} on {Target} from {Source} ({Denial}): {Reason}.")]
    public static partial void CallRefused(ILogger logger, string call, string target, string source, AccessDenial denial, string reason);
}
