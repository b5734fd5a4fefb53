using System.Buffers.Binary;

namespace Tessera.Binlog.Events;

/// The v4 common event header, 19 bytes (https://mariadb.com/kb/en/2-binlog-event-header/).
/// NextPosition is the end offset of this event in its file (0 for artificial events of the stream).
public readonly record struct BinlogEventHeader(uint Timestamp, BinlogEventType Type, uint ServerId, uint EventSize, uint NextPosition, ushort Flags)
{
    public const int Size = 19;

    /// LOG_EVENT_ARTIFICIAL_F: made up by the primary for the stream (the first fake ROTATE).
    public bool IsArtificial => (Flags & 0x20) != 0;

    public static BinlogEventHeader Parse(ReadOnlySpan<byte> data) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(data),
        (BinlogEventType)data[4],
        BinaryPrimitives.ReadUInt32LittleEndian(data[5..]),
        BinaryPrimitives.ReadUInt32LittleEndian(data[9..]),
        BinaryPrimitives.ReadUInt32LittleEndian(data[13..]),
        BinaryPrimitives.ReadUInt16LittleEndian(data[17..]));
}
