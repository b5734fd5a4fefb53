using System.Buffers.Binary;

namespace Tessera.Binlog.Events;

/// XID_EVENT: commit of a transactional (InnoDB) transaction (https://mariadb.com/kb/en/xid_event/).
public static class XidEvent
{
    public static ulong Parse(ReadOnlySpan<byte> body) =>
        body.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(body) : throw new BinlogException("XID event truncated");
}
