using System.Net;
using System.Net.Sockets;

namespace OrleansFailover.Testing;

/// <summary>Loopback ports nobody listens on, for servers that tests and benchmarks start.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
