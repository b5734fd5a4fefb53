namespace Tessera.Binlog.Events;

/// ROTATE_EVENT: the next events come from NextFile starting at Position
/// (https://mariadb.com/kb/en/rotate_event/). The stream also sends an artificial one first.
public sealed record RotateEvent(ulong Position, string NextFile)
{
    public static RotateEvent Parse(ReadOnlySpan<byte> body)
    {
        var reader = new EventBodyReader(body);
        var position = reader.ReadUInt64();
        return new RotateEvent(position, reader.ReadString(reader.Remaining));
    }
}
