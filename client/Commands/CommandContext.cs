using System.CommandLine;

namespace OrleansFailover.Client.Commands;

/// <summary>What a command that talks to the silo gets to work with.</summary>
internal sealed record CommandContext(
    IClusterClient Client,
    ParseResult Parsed,
    bool Json,
    TextWriter Output,
    TextWriter Error,
    CancellationToken Cancellation);
