namespace Tessera.Binlog.Events;

/// HEARTBEAT_LOG_EVENT: sent by the primary when idle for the heartbeat period; names the
/// current binlog file, the header's NextPosition is the current offset. Never in a file.
public sealed record HeartbeatEvent(string File)
{
    public static HeartbeatEvent Parse(ReadOnlySpan<byte> body) => new(System.Text.Encoding.UTF8.GetString(body));
}
