namespace Tessera.Binlog.Events;

/// One event as read from a file or the stream: the header, the body (without the trailing
/// checksum), and where it came from. Data may point into a reader's reused buffer: valid until
/// the next read unless the reader says otherwise; Detach() makes an owned copy.
public readonly struct BinlogEvent(BinlogEventHeader header, ReadOnlyMemory<byte> body, string file, long position)
{
    public BinlogEventHeader Header { get; } = header;

    /// Bytes after the 19-byte header, checksum removed.
    public ReadOnlyMemory<byte> Body { get; } = body;

    /// The binlog file the event belongs to (as the primary names it, e.g. "binlog.000002").
    public string File { get; } = file;

    /// Offset of the event's first header byte in File.
    public long Position { get; } = position;

    public BinlogEventType Type => Header.Type;

    public BinlogEvent Detach() => new(Header, Body.ToArray(), File, Position);

    public BinlogException Error(string message, Exception? inner = null) => new(message, File, Position, inner);

    public override string ToString() => $"{Type} at {File}:{Position} ({Header.EventSize} bytes)";
}
