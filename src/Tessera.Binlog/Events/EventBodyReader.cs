using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Tessera.Binlog.Events;

/// Forward reader over an event body. Every read is bounds-checked and a short body throws
/// (a truncated event must never decode into a wrong value).
internal ref struct EventBodyReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> data = data;

    public int Offset { get; set; }

    public readonly int Remaining => data.Length - Offset;

    public readonly ReadOnlySpan<byte> Rest => data[Offset..];

    public byte ReadByte()
    {
        Need(1);
        return data[Offset++];
    }

    public ushort ReadUInt16()
    {
        Need(2);
        var value = BinaryPrimitives.ReadUInt16LittleEndian(data[Offset..]);
        Offset += 2;
        return value;
    }

    public uint ReadUInt32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadUInt32LittleEndian(data[Offset..]);
        Offset += 4;
        return value;
    }

    public ulong ReadUInt48()
    {
        Need(6);
        var value = BinaryPrimitives.ReadUInt32LittleEndian(data[Offset..]) | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(data[(Offset + 4)..]) << 32);
        Offset += 6;
        return value;
    }

    public ulong ReadUInt64()
    {
        Need(8);
        var value = BinaryPrimitives.ReadUInt64LittleEndian(data[Offset..]);
        Offset += 8;
        return value;
    }

    /// Length-encoded ("packed") integer: https://mariadb.com/kb/en/protocol-data-types/#length-encoded-integers
    public ulong ReadPackedInteger()
    {
        var first = ReadByte();
        return first switch
        {
            < 0xFB => first,
            0xFC => ReadUInt16(),
            0xFD => ReadUInt24(),
            0xFE => ReadUInt64(),
            _ => throw new BinlogException($"invalid length-encoded integer prefix 0x{first:X2}"),
        };
    }

    public int ReadPackedLength()
    {
        var value = ReadPackedInteger();
        if (value > int.MaxValue)
            throw new BinlogException($"length {value} is too large");
        return (int)value;
    }

    public uint ReadUInt24()
    {
        Need(3);
        var value = data[Offset] | ((uint)data[Offset + 1] << 8) | ((uint)data[Offset + 2] << 16);
        Offset += 3;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        Need(count);
        var value = data.Slice(Offset, count);
        Offset += count;
        return value;
    }

    public void Skip(int count)
    {
        Need(count);
        Offset += count;
    }

    public string ReadString(int count) => Encoding.UTF8.GetString(ReadBytes(count));

    public string ReadPackedString() => ReadString(ReadPackedLength());

    private readonly void Need(int count)
    {
        if (count < 0 || Offset + count > data.Length)
            ThrowTruncated(count);
    }

    [DoesNotReturn]
    private readonly void ThrowTruncated(int count) =>
        throw new BinlogException($"event body truncated: needed {count} bytes at offset {Offset} of {data.Length}");
}
