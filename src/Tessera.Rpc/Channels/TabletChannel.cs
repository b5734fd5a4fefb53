using System.Globalization;
using System.Net.Sockets;
using Grpc.Net.Client;

namespace Tessera.Rpc.Channels;

// The gRPC channel every Tessera process opens to a tablet (query service, tablet manager,
// health). Two things differ from GrpcChannel.ForAddress's defaults, both for the cost of a call:
// - A tablet on this host is reached over the unix socket it listens on beside its gRPC port (see
//   LocalEndPoint): a round trip through the kernel's unix sockets costs far less than TCP over
//   loopback. When that socket is not there (a tablet behind a loopback tunnel, an older tablet),
//   the channel uses TCP from then on.
// - The handler is SocketsHttpHandler with its own connect callback, which also takes gRPC's client
//   load balancer out of each call: a channel here always has exactly one address, and the gate
//   does its own tablet selection. No cookies, redirects or proxy either: none apply between
//   Tessera processes, and each is a step on every call.
public static class TabletChannel
{
    // Abstract namespace (leading NUL): no file to create, clean up or collide with a stale one;
    // it disappears with the tablet process.
    public static UnixDomainSocketEndPoint LocalEndPoint(int grpcPort) =>
        new("\0tessera-grpc-" + grpcPort.ToString(CultureInfo.InvariantCulture));

    public static GrpcChannel Create(string host, int grpcPort)
    {
        var local = IsLoopback(host);
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = false,
            // Several HTTP/2 connections when one has as many calls in flight as the tablet allows.
            EnableMultipleHttp2Connections = true,
            ConnectCallback = async (context, cancellationToken) =>
            {
                if (local)
                {
                    var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await unix.ConnectAsync(LocalEndPoint(grpcPort), cancellationToken).ConfigureAwait(false);
                        return new NetworkStream(unix, ownsSocket: true);
                    }
                    catch (SocketException)
                    {
                        // Benign race: at worst two connects try the missing socket.
                        unix.Dispose();
                        local = false;
                    }
                }

                var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await tcp.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(tcp, ownsSocket: true);
                }
                catch
                {
                    tcp.Dispose();
                    throw;
                }
            },
        };
        var address = new UriBuilder("http", host, grpcPort).Uri;
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    public static bool IsLoopback(string host) => host is "127.0.0.1" or "localhost" or "::1";
}
