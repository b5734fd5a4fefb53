using System.Net;
using System.Net.Sockets;

namespace Tessera.Testing;

/// Hands out ports nobody is listening on, for servers a test starts. They come from below the
/// kernel's ephemeral range (32768-60999 on Linux): a port the OS picked from that range could be
/// taken, between this check and the server's bind, as the local port of any outgoing connection
/// (a gRPC or MySQL client of another test), and the bind fails with "address already in use".
/// Ports are drawn at random so test processes running side by side rarely meet, and each is
/// tried the way servers bind it (all addresses, IPv6 with IPv4); a process-wide set keeps two
/// callers in one run from being handed the same one before either binds it.
public static class FreePort
{
    private const int First = 20000;
    private const int Last = 32767;
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        while (true)
        {
            var port = Random.Shared.Next(First, Last + 1);
            lock (Given)
            {
                if (Given.Contains(port)) continue;
            }

            if (!CanBind(port)) continue;
            lock (Given)
            {
                if (Given.Add(port)) return port;
            }
        }
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var socket = Socket.OSSupportsIPv6
                ? new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true }
                : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any, port));
            socket.Listen();
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            return false;
        }
    }
}
