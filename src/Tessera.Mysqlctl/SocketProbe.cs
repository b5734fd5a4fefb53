using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Tessera.Mysqlctl;

/// Tells whether a server answers on a Unix socket. A MySQL server speaks first, with a handshake
/// (protocol version 10) or an error packet; the probe then logs in as root without a password
/// (what mariadb-install-db creates and init keeps, over the socket only) and says COM_QUIT, so the
/// server does not log an "Aborted connection" warning for every probe. A refused login still
/// means the server answers.
/// https://mariadb.com/kb/en/connection/
internal static class SocketProbe
{
    private const uint ClientLongPassword = 0x1;
    private const uint ClientProtocol41 = 0x200;
    private const uint ClientSecureConnection = 0x8000;
    private const uint ClientPluginAuth = 0x80000;
    private const byte Utf8mb4GeneralCi = 45;

    public static async Task<bool> AnswersAsync(string socketFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketFile)) return false;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketFile), timeout.Token);
            var (sequence, greeting) = await ReadPacketAsync(socket, timeout.Token);
            if (sequence != 0 || greeting.Length == 0 || greeting[0] is not (10 or 0xFF)) return false;
            if (greeting[0] == 0xFF) return true;

            await socket.SendAsync(HandshakeResponse("root"), SocketFlags.None, timeout.Token);
            var (_, reply) = await ReadPacketAsync(socket, timeout.Token);
            // OK: leave politely. ERR or an auth switch: the server answers all the same.
            if (reply.Length > 0 && reply[0] == 0x00) await socket.SendAsync(new byte[] { 1, 0, 0, 0, 0x01 }, SocketFlags.None, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// HandshakeResponse41 with an empty auth response, sequence id 1.
    private static byte[] HandshakeResponse(string user)
    {
        var plugin = "mysql_native_password"u8;
        var userBytes = Encoding.UTF8.GetBytes(user);
        var payloadLength = 4 + 4 + 1 + 23 + userBytes.Length + 1 + 1 + plugin.Length + 1;
        var packet = new byte[4 + payloadLength];
        packet[0] = (byte)payloadLength;
        packet[1] = (byte)(payloadLength >> 8);
        packet[2] = (byte)(payloadLength >> 16);
        packet[3] = 1;
        var payload = packet.AsSpan(4);
        BinaryPrimitives.WriteUInt32LittleEndian(payload, ClientLongPassword | ClientProtocol41 | ClientSecureConnection | ClientPluginAuth);
        BinaryPrimitives.WriteUInt32LittleEndian(payload[4..], 1 << 24);
        payload[8] = Utf8mb4GeneralCi;
        var at = 9 + 23;
        userBytes.CopyTo(payload[at..]);
        at += userBytes.Length + 1;
        payload[at++] = 0; // auth response length: empty password
        plugin.CopyTo(payload[at..]);
        return packet;
    }

    private static async Task<(byte Sequence, byte[] Payload)> ReadPacketAsync(Socket socket, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        await ReadExactlyAsync(socket, header, cancellationToken);
        var length = header[0] | (header[1] << 8) | (header[2] << 16);
        var payload = new byte[length];
        await ReadExactlyAsync(socket, payload, cancellationToken);
        return (header[3], payload);
    }

    private static async Task ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (buffer.Length > 0)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (n == 0) throw new EndOfStreamException();
            buffer = buffer[n..];
        }
    }
}
