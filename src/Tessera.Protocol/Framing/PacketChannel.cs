using System.Buffers;
using System.Runtime.CompilerServices;
using Tessera.Protocol.Serialization;

namespace Tessera.Protocol.Framing;

/// The framing layer over a byte stream (TCP, unix socket or TLS): reads packets, checks sequence
/// ids, joins 16 MiB chunks into one payload, and sends what a PacketWriter built.
/// A payload returned by ReadPayloadAsync lives in this channel's pooled buffer and is valid until
/// the next read. Not thread-safe: one command at a time, as the protocol itself.
internal sealed class PacketChannel : IAsyncDisposable
{
    private Stream stream;
    private byte[] readBuffer;
    private int readStart;
    private int readEnd;
    private byte[]? joined;

    public PacketChannel(Stream stream, int readBufferSize = 16 * 1024)
    {
        this.stream = stream;
        readBuffer = ArrayPool<byte>.Shared.Rent(readBufferSize);
        Writer = new PacketWriter();
    }

    public PacketWriter Writer { get; }

    public Stream Stream => stream;

    /// The largest joined payload accepted; a bigger one fails with ER_NET_PACKET_TOO_LARGE.
    public int MaxPacketSize { get; set; } = 1024 * 1024 * 1024;

    /// Sequence id expected on the next packet read; also where the next write continues from.
    public byte Sequence
    {
        get => Writer.Sequence;
        set => Writer.Sequence = value;
    }

    /// Bytes received but not yet consumed (e.g. a pipelined command behind the current one).
    public bool HasBufferedData => readEnd > readStart;

    /// Starts a new command: sequence ids begin again at 0.
    public void ResetSequence() => Writer.Sequence = 0;

    /// The stream to hand to SslStream for a TLS upgrade: bytes the client already sent behind the
    /// SSLRequest (its ClientHello) are replayed first, then the socket.
    public Stream DetachForUpgrade()
    {
        if (!HasBufferedData) return stream;
        var pending = readBuffer.AsSpan(readStart, readEnd - readStart).ToArray();
        readStart = readEnd = 0;
        return new PrefixedStream(pending, stream);
    }

    /// Replaces the stream after a TLS upgrade.
    public void UpgradeStream(Stream upgraded)
    {
        if (HasBufferedData) MySqlProtocolException.Throw(ProtocolErrors.HandshakeError("data sent before TLS handshake"));
        stream = upgraded;
    }

    public ValueTask<ReadOnlyMemory<byte>> ReadPayloadAsync(CancellationToken cancellationToken = default)
    {
        if (readEnd - readStart >= PacketHeader.Size)
        {
            var header = readBuffer.AsSpan(readStart, PacketHeader.Size);
            var payloadLength = PacketHeader.ReadLength(header);
            if (payloadLength < PacketHeader.MaxChunk && readEnd - readStart >= PacketHeader.Size + payloadLength)
            {
                CheckSequence(header[3]);
                if (payloadLength > MaxPacketSize) MySqlProtocolException.Throw(ProtocolErrors.PacketTooLarge(payloadLength, MaxPacketSize));
                var payload = readBuffer.AsMemory(readStart + PacketHeader.Size, payloadLength);
                readStart += PacketHeader.Size + payloadLength;
                return new ValueTask<ReadOnlyMemory<byte>>(payload);
            }
        }
        return ReadPayloadSlowAsync(cancellationToken);
    }

    // Pooled builders: a read that has to wait for the socket does not allocate a state machine per packet.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadOnlyMemory<byte>> ReadPayloadSlowAsync(CancellationToken cancellationToken)
    {
        ReturnJoined();
        ShrinkAfterLargePacket();
        await FillAsync(PacketHeader.Size, cancellationToken).ConfigureAwait(false);
        var payloadLength = PacketHeader.ReadLength(readBuffer.AsSpan(readStart));
        CheckSequence(readBuffer[readStart + 3]);
        if (payloadLength > MaxPacketSize) MySqlProtocolException.Throw(ProtocolErrors.PacketTooLarge(payloadLength, MaxPacketSize));
        if (payloadLength < PacketHeader.MaxChunk)
        {
            await FillAsync(PacketHeader.Size + payloadLength, cancellationToken).ConfigureAwait(false);
            var payload = readBuffer.AsMemory(readStart + PacketHeader.Size, payloadLength);
            readStart += PacketHeader.Size + payloadLength;
            return payload;
        }

        // A payload of 16 MiB or more: copy the chunks into one pooled buffer.
        var total = 0;
        joined = ArrayPool<byte>.Shared.Rent(PacketHeader.MaxChunk * 2);
        while (true)
        {
            readStart += PacketHeader.Size;
            var remaining = payloadLength;
            if ((long)total + payloadLength > MaxPacketSize) MySqlProtocolException.Throw(ProtocolErrors.PacketTooLarge((long)total + payloadLength, MaxPacketSize));
            if (joined.Length < total + payloadLength)
            {
                var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max((long)total + payloadLength, joined.Length * 2L)));
                joined.AsSpan(0, total).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(joined);
                joined = bigger;
            }
            while (remaining > 0)
            {
                if (readEnd == readStart) await FillAsync(1, cancellationToken).ConfigureAwait(false);
                var take = Math.Min(remaining, readEnd - readStart);
                readBuffer.AsSpan(readStart, take).CopyTo(joined.AsSpan(total));
                readStart += take;
                total += take;
                remaining -= take;
            }
            if (payloadLength < PacketHeader.MaxChunk) break;
            await FillAsync(PacketHeader.Size, cancellationToken).ConfigureAwait(false);
            payloadLength = PacketHeader.ReadLength(readBuffer.AsSpan(readStart));
            CheckSequence(readBuffer[readStart + 3]);
        }
        return joined.AsMemory(0, total);
    }

    /// After a packet of megabytes the read buffer goes back to its usual size, so an idle connection
    /// does not keep it (the previous payload is no longer valid at this point anyway).
    private void ShrinkAfterLargePacket()
    {
        const int Large = 1024 * 1024;
        const int Usual = 16 * 1024;
        var buffered = readEnd - readStart;
        if (readBuffer.Length <= Large || buffered > Usual) return;
        var smaller = ArrayPool<byte>.Shared.Rent(Usual);
        readBuffer.AsSpan(readStart, buffered).CopyTo(smaller);
        ArrayPool<byte>.Shared.Return(readBuffer);
        readBuffer = smaller;
        readStart = 0;
        readEnd = buffered;
    }

    private void CheckSequence(byte actual)
    {
        var expected = Writer.Sequence;
        if (actual != expected) MySqlProtocolException.Throw(ProtocolErrors.PacketsOutOfOrder(expected, actual));
        Writer.Sequence = (byte)(expected + 1);
    }

    /// Ensures at least count bytes are buffered from readStart, growing the buffer for big packets.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FillAsync(int count, CancellationToken cancellationToken)
    {
        if (readEnd - readStart >= count) return;
        if (readBuffer.Length - readStart < count)
        {
            var target = readBuffer;
            if (readBuffer.Length < count)
                target = ArrayPool<byte>.Shared.Rent(count);
            Buffer.BlockCopy(readBuffer, readStart, target, 0, readEnd - readStart);
            readEnd -= readStart;
            readStart = 0;
            if (!ReferenceEquals(target, readBuffer))
            {
                ArrayPool<byte>.Shared.Return(readBuffer);
                readBuffer = target;
            }
        }
        while (readEnd - readStart < count)
        {
            var read = await stream.ReadAsync(readBuffer.AsMemory(readEnd), cancellationToken).ConfigureAwait(false);
            if (read == 0) throw new EndOfStreamException("connection closed by peer");
            readEnd += read;
        }
    }

    /// Sends everything the writer holds and empties it.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (Writer.Length == 0) return;
        await stream.WriteAsync(Writer.Written, cancellationToken).ConfigureAwait(false);
        Writer.Reset();
        Writer.TrimIfLarge();
    }

    /// Writes one whole payload as a packet (split if needed) and sends it.
    public ValueTask WritePacketAsync(ReadOnlySpan<byte> payload, CancellationToken cancellationToken = default)
    {
        Writer.BeginPacket();
        Writer.Write(payload);
        Writer.EndPacket();
        return FlushAsync(cancellationToken);
    }

    private void ReturnJoined()
    {
        if (joined is null) return;
        ArrayPool<byte>.Shared.Return(joined);
        joined = null;
    }

    public async ValueTask DisposeAsync()
    {
        ReturnJoined();
        Writer.Dispose();
        var old = readBuffer;
        readBuffer = [];
        readStart = readEnd = 0;
        if (old.Length > 0) ArrayPool<byte>.Shared.Return(old);
        await stream.DisposeAsync().ConfigureAwait(false);
    }
}
