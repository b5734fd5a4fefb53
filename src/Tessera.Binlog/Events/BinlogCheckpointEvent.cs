namespace Tessera.Binlog.Events;

/// BINLOG_CHECKPOINT_EVENT: the oldest binlog file crash recovery still needs
/// (https://mariadb.com/kb/en/binlog_checkpoint_event/).
public sealed record BinlogCheckpointEvent(string File)
{
    public static BinlogCheckpointEvent Parse(ReadOnlySpan<byte> body)
    {
        var reader = new EventBodyReader(body);
        var length = (int)reader.ReadUInt32();
        return new BinlogCheckpointEvent(reader.ReadString(length));
    }
}
