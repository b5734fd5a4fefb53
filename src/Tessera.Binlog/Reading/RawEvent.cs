namespace Tessera.Binlog.Reading;

/// One event's bytes exactly as stored (19-byte header, body, checksum if any), with the file
/// and offset it was read from. Bytes are valid until the source's next read.
public readonly record struct RawEvent(ReadOnlyMemory<byte> Bytes, string File, long Position);
