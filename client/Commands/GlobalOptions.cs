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
        DefaultValueFactory = _ => FromEnvironment("ORLEANS_REDIS"),
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "The service's API key (Security:ApiKey, or Security:ReadOnlyApiKey to read) (default: ORLEANSFAILOVER_API_KEY).",
        DefaultValueFactory = _ => FromEnvironment("ORLEANSFAILOVER_API_KEY"),
        Recursive = true,
    };

    public Option<string?> TlsCa { get; } = new("--tls-ca")
    {
        Description = "For silos with TLS: the certificate authority that issued the silos' certificates, PEM or DER (default: ORLEANS_TLS_CA).",
        DefaultValueFactory = _ => FromEnvironment("ORLEANS_TLS_CA"),
        Recursive = true,
    };

    public Option<string?> TlsThumbprint { get; } = new("--tls-thumbprint")
    {
        Description = "For silos with pinned certificates instead of an authority: the silos' certificate thumbprints, comma-separated (default: ORLEANS_TLS_THUMBPRINT).",
        DefaultValueFactory = _ => FromEnvironment("ORLEANS_TLS_THUMBPRINT"),
        Recursive = true,
    };

    public Option<string?> TlsCertificate { get; } = new("--tls-certificate")
    {
        Description = "This client's own certificate, .pfx, for silos that ask for one (default: ORLEANS_TLS_CERTIFICATE; password in ORLEANS_TLS_PASSWORD).",
        DefaultValueFactory = _ => FromEnvironment("ORLEANS_TLS_CERTIFICATE"),
        Recursive = true,
    };

    private static string? FromEnvironment(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the result as JSON, for scripts.",
        Recursive = true,
    };
}
