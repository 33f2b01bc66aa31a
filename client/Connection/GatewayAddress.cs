using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OrleansFailover.Client.Connection;

/// <summary>A silo gateway given as host:port (default localhost:30000).</summary>
internal static class GatewayAddress
{
    public const string Default = "localhost:30000";

    public static IPEndPoint Resolve(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ||
            port is < 1 or > 65535)
        {
            throw new UsageException($"--gateway '{text}' is not host:port (for example localhost:30000).");
        }

        var host = text[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        try
        {
            var addresses = Dns.GetHostAddresses(host);
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.First();
            return new IPEndPoint(chosen, port);
        }
        catch (Exception exception) when (exception is SocketException or InvalidOperationException)
        {
            throw new SiloUnreachableException($"the gateway host '{host}' cannot be resolved ({exception.Message})");
        }
    }
}
