using System.Buffers.Binary;

namespace Tessera.Protocol.Serialization;

/// Reads the basic data types of a packet payload
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_data_types.html).
/// Every read checks bounds and throws MySqlProtocolException on truncated input.
internal ref struct PayloadReader
{
    private readonly ReadOnlySpan<byte> data;

    public PayloadReader(ReadOnlySpan<byte> data)
    {
        this.data = data;
        Offset = 0;
    }

    public int Offset { get; set; }

    public readonly int Remaining => data.Length - Offset;

    public readonly bool AtEnd => Offset >= data.Length;

    public readonly byte PeekByte()
    {
        if (Offset >= data.Length) MySqlProtocolException.ThrowMalformed("unexpected end of payload");
        return data[Offset];
    }

    public byte ReadByte()
    {
        var value = PeekByte();
        Offset++;
        return value;
    }

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2));

    public uint ReadUInt24()
    {
        var bytes = ReadBytes(3);
        return (uint)(bytes[0] | bytes[1] << 8 | bytes[2] << 16);
    }

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if ((uint)count > (uint)Remaining) MySqlProtocolException.ThrowMalformed($"needs {count} bytes, {Remaining} left");
        var span = data.Slice(Offset, count);
        Offset += count;
        return span;
    }

    public void Skip(int count) => ReadBytes(count);

    public ReadOnlySpan<byte> ReadRemaining() => ReadBytes(Remaining);

    public ReadOnlySpan<byte> ReadNullTerminated()
    {
        var index = data[Offset..].IndexOf((byte)0);
        if (index < 0) MySqlProtocolException.ThrowMalformed("string without NUL terminator");
        var span = data.Slice(Offset, index);
        Offset += index + 1;
        return span;
    }

    /// A NUL-terminated string that may also simply end with the payload (some clients omit the NUL).
    public ReadOnlySpan<byte> ReadNullTerminatedOrEnd()
    {
        var rest = data[Offset..];
        var index = rest.IndexOf((byte)0);
        if (index < 0)
        {
            Offset = data.Length;
            return rest;
        }
        Offset += index + 1;
        return rest[..index];
    }

    public ulong ReadLengthEncodedInteger()
    {
        var first = ReadByte();
        return first switch
        {
            < 0xFB => first,
            0xFC => ReadUInt16(),
            0xFD => ReadUInt24(),
            0xFE => ReadUInt64(),
            _ => ThrowBadLength(first),
        };
    }

    /// A length-encoded integer where 0xFB means NULL (text result rows).
    public bool TryReadLengthEncodedIntegerOrNull(out ulong value)
    {
        if (PeekByte() == 0xFB)
        {
            Offset++;
            value = 0;
            return false;
        }
        value = ReadLengthEncodedInteger();
        return true;
    }

    public ReadOnlySpan<byte> ReadLengthEncodedString()
    {
        var length = ReadLengthEncodedInteger();
        if (length > (ulong)Remaining) MySqlProtocolException.ThrowMalformed($"string of {length} bytes, {Remaining} left");
        return ReadBytes((int)length);
    }

    private static ulong ThrowBadLength(byte first)
    {
        MySqlProtocolException.ThrowMalformed($"invalid length-encoded integer prefix 0x{first:X2}");
        return 0;
    }
}
