using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Tessera.Protocol.Framing;

namespace Tessera.Protocol.Serialization;

/// Builds framed packets into one pooled, growable buffer so a whole response (header, column
/// definitions, rows, terminator) goes out in one write. BeginPacket reserves the header; EndPacket
/// stamps length and sequence id and, for payloads of 16 MiB or more, splits in place.
/// The buffer is rented from ArrayPool and returned by Dispose.
internal sealed class PacketWriter : IDisposable
{
    private byte[] buffer;
    private int length;
    private int packetStart = -1;

    public PacketWriter(int initialCapacity = 16 * 1024) => buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    /// Sequence id of the next packet written; incremented by each EndPacket (per chunk).
    public byte Sequence { get; set; }

    public int Length => length;

    public ReadOnlyMemory<byte> Written => buffer.AsMemory(0, length);

    /// Bytes of the payload written so far in the open packet.
    public int PayloadLength => length - packetStart - PacketHeader.Size;

    public void Reset()
    {
        length = 0;
        packetStart = -1;
    }

    public void BeginPacket()
    {
        if (packetStart >= 0) throw new InvalidOperationException("previous packet not ended");
        EnsureCapacity(PacketHeader.Size);
        packetStart = length;
        length += PacketHeader.Size;
    }

    public void EndPacket()
    {
        if (packetStart < 0) throw new InvalidOperationException("no packet begun");
        var payloadLength = length - packetStart - PacketHeader.Size;
        if (payloadLength < PacketHeader.MaxChunk)
            PacketHeader.Write(buffer.AsSpan(packetStart), payloadLength, Sequence++);
        else
            SplitLargePacket(payloadLength);
        packetStart = -1;
    }

    /// Abandons the open packet (a handler failed half-way through a row).
    public void CancelPacket()
    {
        if (packetStart < 0) return;
        length = packetStart;
        packetStart = -1;
    }

    /// Truncates everything written after mark (from Length): used to replace a half-written result by an error.
    public void Rewind(int mark)
    {
        length = mark;
        packetStart = -1;
    }

    private void SplitLargePacket(int payloadLength)
    {
        var fullChunks = payloadLength / PacketHeader.MaxChunk;
        var extraHeaders = fullChunks; // chunks after the first each need a header; a trailing empty chunk too
        EnsureCapacity(extraHeaders * PacketHeader.Size);
        var payloadStart = packetStart + PacketHeader.Size;
        // Move chunks from the last to the first so nothing is overwritten before it is moved.
        for (var i = fullChunks; i >= 1; i--)
        {
            var chunkLength = i == fullChunks ? payloadLength - fullChunks * PacketHeader.MaxChunk : PacketHeader.MaxChunk;
            var source = payloadStart + i * PacketHeader.MaxChunk;
            var headerAt = packetStart + i * (PacketHeader.MaxChunk + PacketHeader.Size);
            buffer.AsSpan(source, chunkLength).CopyTo(buffer.AsSpan(headerAt + PacketHeader.Size));
        }
        for (var i = 0; i <= fullChunks; i++)
        {
            var chunkLength = i == fullChunks ? payloadLength - fullChunks * PacketHeader.MaxChunk : PacketHeader.MaxChunk;
            PacketHeader.Write(buffer.AsSpan(packetStart + i * (PacketHeader.MaxChunk + PacketHeader.Size)), chunkLength, Sequence++);
        }
        length += extraHeaders * PacketHeader.Size;
    }

    public Span<byte> GetSpan(int size)
    {
        EnsureCapacity(size);
        return buffer.AsSpan(length, size);
    }

    public void Advance(int count) => length += count;

    /// Reserves count bytes to fill later (a NULL bitmap); returns their offset for Patch.
    public int Reserve(int count)
    {
        GetSpan(count).Clear();
        var at = length;
        length += count;
        return at;
    }

    public Span<byte> Patch(int offset, int count) => buffer.AsSpan(offset, count);

    public void WriteByte(byte value)
    {
        EnsureCapacity(1);
        buffer[length++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(GetSpan(2), value);
        length += 2;
    }

    public void WriteUInt24(uint value)
    {
        var span = GetSpan(3);
        span[0] = (byte)value;
        span[1] = (byte)(value >> 8);
        span[2] = (byte)(value >> 16);
        length += 3;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(GetSpan(4), value);
        length += 4;
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(GetSpan(8), value);
        length += 8;
    }

    public void WriteLengthEncodedInteger(ulong value)
    {
        switch (value)
        {
            case < 0xFB:
                WriteByte((byte)value);
                break;
            case <= 0xFFFF:
                WriteByte(0xFC);
                WriteUInt16((ushort)value);
                break;
            case <= 0xFF_FFFF:
                WriteByte(0xFD);
                WriteUInt24((uint)value);
                break;
            default:
                WriteByte(0xFE);
                WriteUInt64(value);
                break;
        }
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        length += bytes.Length;
    }

    public void WriteZeros(int count) => Reserve(count);

    public void WriteLengthEncodedString(ReadOnlySpan<byte> bytes)
    {
        WriteLengthEncodedInteger((ulong)bytes.Length);
        Write(bytes);
    }

    public void WriteLengthEncodedString(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteLengthEncodedInteger((ulong)byteCount);
        length += Encoding.UTF8.GetBytes(value, GetSpan(byteCount));
    }

    public void WriteString(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        length += Encoding.UTF8.GetBytes(value, GetSpan(byteCount));
    }

    public void WriteNullTerminatedString(string value)
    {
        WriteString(value);
        WriteByte(0);
    }

    public void WriteNullTerminatedString(ReadOnlySpan<byte> value)
    {
        Write(value);
        WriteByte(0);
    }

    private void EnsureCapacity(int extra)
    {
        if (buffer.Length - length >= extra) return;
        var needed = (long)length + extra;
        var size = (int)Math.Min(Array.MaxLength, Math.Max(needed, buffer.Length * 2L));
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = bigger;
    }

    /// Gives back an oversized buffer after a huge packet so an idle connection does not pin it.
    public void TrimIfLarge(int keep = 1024 * 1024)
    {
        if (length != 0 || buffer.Length <= keep) return;
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    }

    public void Dispose()
    {
        var old = buffer;
        buffer = [];
        length = 0;
        if (old.Length > 0) ArrayPool<byte>.Shared.Return(old);
    }
}
