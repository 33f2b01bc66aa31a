using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OrleansFailover.Grains.Security;

namespace OrleansFailover.Silo;

/// <summary>What an operator should hear about at start-up: a silo reachable beyond this machine with nothing to keep callers out.</summary>
public static partial class StartupWarnings
{
    public static void Log(ILogger logger, IConfiguration configuration, SiloHostingOptions hosting, HttpOptions http, SecurityOptions security)
    {
        var beyondLoopback = string.Equals(hosting.Mode, HostingModes.Redis, StringComparison.OrdinalIgnoreCase) || http.ListenOnAnyAddress;
        if (beyondLoopback && !security.KeysConfigured)
        {
            NoApiKey(logger);
        }

        if (beyondLoopback && string.IsNullOrWhiteSpace(configuration[$"{TlsSettings.Section}:{nameof(TlsSettings.CertificatePath)}"]))
        {
            NoTls(logger);
        }
    }

    [LoggerMessage(5100, LogLevel.Warning, "This silo listens beyond localhost and no Security:ApiKey is set: anyone who reaches its gateway can read and write every collection and force failover. Set Security:ApiKey (and Security:ReadOnlyApiKey).")]
    private static partial void NoApiKey(ILogger logger);

    [LoggerMessage(5101, LogLevel.Warning, "This silo listens beyond localhost without TLS (Tls:CertificatePath): keys and data cross the network in the clear.")]
    private static partial void NoTls(ILogger logger);
}
