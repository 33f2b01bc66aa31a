using System.CommandLine;
using OrleansFailover.Client.Commands;

namespace OrleansFailover.Client.Connection;

/// <summary>Where the silos are and how to prove who this client is to them.</summary>
internal sealed record ConnectionSettings(
    string Gateway, string? Redis, string? ApiKey, string? TlsCa, string? TlsThumbprints, string? TlsCertificate)
{
    public bool Tls => TlsCa is not null || TlsThumbprints is not null || TlsCertificate is not null;

    public static ConnectionSettings From(ParseResult parsed, GlobalOptions global) => new(
        parsed.GetValue(global.Gateway)!,
        parsed.GetValue(global.Redis),
        parsed.GetValue(global.ApiKey),
        parsed.GetValue(global.TlsCa),
        parsed.GetValue(global.TlsThumbprint),
        parsed.GetValue(global.TlsCertificate));
}
