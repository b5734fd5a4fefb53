namespace Tessera.Binlog.Reading;

/// One event's bytes exactly as stored (19-byte header, body, checksum if any), with the file
/// and offset it was read from. Bytes are valid until the source's next read. Checksum, when set,
/// overrides what the last FORMAT_DESCRIPTION said (the stream's first artificial ROTATE comes
/// before any FORMAT_DESCRIPTION and carries a CRC32 whatever the primary's binlog_checksum).
public readonly record struct RawEvent(ReadOnlyMemory<byte> Bytes, string File, long Position, Events.ChecksumAlgorithm? Checksum = null);
