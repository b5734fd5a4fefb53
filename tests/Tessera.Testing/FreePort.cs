using System.Net;
using System.Net.Sockets;

namespace Tessera.Testing;

/// Hands out loopback ports nobody is listening on. The OS picks the port; a process-wide set keeps
/// two callers in one test run from being handed the same one before either binds it.
public static class FreePort
{
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (Given)
            {
                if (Given.Add(port)) return port;
            }
        }
    }
}
