using System.CommandLine;
using OrleansFailover.Client.Connection;

namespace OrleansFailover.Client.Commands;

/// <summary>Options every command takes.</summary>
internal sealed class GlobalOptions
{
    public Option<string> Gateway { get; } = new("--gateway")
    {
        Description = $"The silo gateway, host:port (default {GatewayAddress.Default}).",
        DefaultValueFactory = _ => GatewayAddress.Default,
        Recursive = true,
    };

    public Option<string?> Redis { get; } = new("--redis")
    {
        Description = "A Redis-hosted cluster: find the gateways in this Redis (host:port[,options]; default: ORLEANS_REDIS). Overrides --gateway.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ORLEANS_REDIS") is { Length: > 0 } redis ? redis : null,
        Recursive = true,
    };

    public Option<string?> TlsCertificate { get; } = new("--tls-certificate")
    {
        Description = "For silos with TLS: the cluster's .pfx certificate (default: ORLEANS_TLS_CERTIFICATE; password in ORLEANS_TLS_PASSWORD).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ORLEANS_TLS_CERTIFICATE") is { Length: > 0 } path ? path : null,
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the result as JSON, for scripts.",
        Recursive = true,
    };
}
