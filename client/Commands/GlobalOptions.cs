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

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the result as JSON, for scripts.",
        Recursive = true,
    };
}
