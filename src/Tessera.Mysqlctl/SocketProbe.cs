using System.Net.Sockets;

namespace Tessera.Mysqlctl;

/// Tells whether a server answers on a Unix socket by reading the first packet it sends: a
/// MySQL server speaks first, with a handshake (protocol version 10) or an error packet (0xFF).
/// https://mariadb.com/kb/en/connection/#initial-handshake-packet
internal static class SocketProbe
{
    public static async Task<bool> AnswersAsync(string socketFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketFile)) return false;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketFile), timeout.Token);
            var header = new byte[5];
            var read = 0;
            while (read < header.Length)
            {
                var n = await socket.ReceiveAsync(header.AsMemory(read), SocketFlags.None, timeout.Token);
                if (n == 0) return false;
                read += n;
            }
            // 3-byte length, sequence id 0, then the payload's first byte.
            return header[3] == 0 && header[4] is 10 or 0xFF;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
