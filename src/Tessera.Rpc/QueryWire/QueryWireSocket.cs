using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;

namespace Tessera.Rpc.QueryWire;

// One end of a query-wire connection. A frame is a 4-byte little-endian length of what follows,
// one byte (the method in a request; Ok or Failure in a response), then the protobuf message. A
// connection carries one call at a time, so frames need no ids: a request, then its response.
//
// Why not gRPC for these calls: a unary gRPC call costs an HTTP/2 stream, header encoding and
// several thread hand-offs inside Kestrel and SocketsHttpHandler on each side; on the gate's hot
// path that was most of the CPU of a point select. This is one send and one receive per side.
public sealed class QueryWireSocket(Socket socket) : IDisposable
{
    public const byte ResponseOk = 0;
    public const byte ResponseFailure = 1;
    private const int HeaderSize = 5;
    private const int MaxFrame = 256 * 1024 * 1024;

    private byte[] sendBuffer = new byte[4096];
    private byte[] receiveBuffer = new byte[4096];

    public Socket Socket => socket;

    // The unix socket (in the abstract namespace: no file to create or clean up) beside a tablet's
    // TCP query port. A gate on the same host connects there: a unix socket round trip costs far
    // less kernel time than TCP over loopback.
    public static UnixDomainSocketEndPoint LocalEndPoint(int port) =>
        new("\0tessera-query-wire-" + port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    // A blocking socket: the calling thread sends and waits itself (see CallBlocking).
    public bool Blocking => socket.Blocking;

    public void Send(byte kind, IMessage message)
    {
        var size = message.CalculateSize();
        var length = Prepare(kind, size);
        message.WriteTo(sendBuffer.AsSpan(HeaderSize, size));
        SendAll(length);
    }

    private void SendAll(int length)
    {
        var sent = 0;
        while (sent < length)
        {
            sent += socket.Send(sendBuffer.AsSpan(sent, length - sent), SocketFlags.None);
        }
    }

    // The blocking twin of ReceiveAsync.
    public (bool Read, byte Kind, ReadOnlyMemory<byte> Payload) Receive()
    {
        var have = 0;
        while (have < 4)
        {
            var n = socket.Receive(receiveBuffer.AsSpan(have), SocketFlags.None);
            if (n == 0)
            {
                return have == 0 ? (false, 0, default) : throw new QueryWireException("query wire: connection closed inside a frame header");
            }

            have += n;
        }

        var total = FrameTotal(have);
        while (have < total)
        {
            var n = socket.Receive(receiveBuffer.AsSpan(have, total - have), SocketFlags.None);
            if (n == 0)
            {
                throw new QueryWireException("query wire: connection closed inside a frame");
            }

            have += n;
        }

        return Frame(have, total);
    }

    public async ValueTask SendAsync(byte kind, IMessage message, CancellationToken cancellationToken)
    {
        var size = message.CalculateSize();
        var length = Prepare(kind, size);
        message.WriteTo(sendBuffer.AsSpan(HeaderSize, size));
        await socket.SendAsync(sendBuffer.AsMemory(0, length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
    }

    public void SendFailure(string text)
    {
        var size = Encoding.UTF8.GetByteCount(text);
        var length = Prepare(ResponseFailure, size);
        Encoding.UTF8.GetBytes(text, sendBuffer.AsSpan(HeaderSize, size));
        SendAll(length);
    }

    // Reads one whole frame. Returns Read = false on a clean end of stream between frames; throws
    // on a frame cut short or too large. The payload is valid until the next receive.
    public async ValueTask<(bool Read, byte Kind, ReadOnlyMemory<byte> Payload)> ReceiveAsync(CancellationToken cancellationToken)
    {
        var have = 0;
        while (have < 4)
        {
            var n = await socket.ReceiveAsync(receiveBuffer.AsMemory(have), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return have == 0 ? (false, 0, default) : throw new QueryWireException("query wire: connection closed inside a frame header");
            }

            have += n;
        }

        var total = FrameTotal(have);
        while (have < total)
        {
            var n = await socket.ReceiveAsync(receiveBuffer.AsMemory(have, total - have), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new QueryWireException("query wire: connection closed inside a frame");
            }

            have += n;
        }

        return Frame(have, total);
    }

    // The frame's whole length from its header (the buffer grown to hold it).
    private int FrameTotal(int have)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(receiveBuffer);
        if (length < 1 || length > MaxFrame)
        {
            throw new QueryWireException($"query wire: bad frame length {length}");
        }

        var total = 4 + length;
        if (receiveBuffer.Length < total)
        {
            var bigger = new byte[Math.Max(total, receiveBuffer.Length * 2)];
            receiveBuffer.AsSpan(0, have).CopyTo(bigger);
            receiveBuffer = bigger;
        }

        return total;
    }

    private (bool, byte, ReadOnlyMemory<byte>) Frame(int have, int total)
    {
        // One call at a time: a well-behaved peer never sends past the end of this frame.
        if (have > total)
        {
            throw new QueryWireException("query wire: bytes after a frame; the peer does not wait for answers");
        }

        return (true, receiveBuffer[4], receiveBuffer.AsMemory(HeaderSize, total - HeaderSize));
    }

    private int Prepare(byte kind, int size)
    {
        var length = HeaderSize + size;
        if (sendBuffer.Length < length)
        {
            sendBuffer = new byte[Math.Max(length, sendBuffer.Length * 2)];
        }

        BinaryPrimitives.WriteInt32LittleEndian(sendBuffer, size + 1);
        sendBuffer[4] = kind;
        return length;
    }

    public void Dispose() => socket.Dispose();
}
