namespace Tessera.Binlog.Events;

/// FORMAT_DESCRIPTION_EVENT: first event of every binlog file; says how long each event type's
/// post-header is and which checksum the following events carry.
/// https://mariadb.com/kb/en/format_description_event/
public sealed record FormatDescriptionEvent(ushort BinlogVersion, string ServerVersion, uint CreateTimestamp, byte HeaderLength, byte[] PostHeaderLengths, ChecksumAlgorithm Checksum)
{
    private const int ServerVersionLength = 50;

    /// What a MariaDB 10.x primary uses; assumed only until the real event is read.
    public static FormatDescriptionEvent Default { get; } = new(4, "", 0, BinlogEventHeader.Size, [], ChecksumAlgorithm.Off);

    /// Post-header length of an event type, or the given default when the table has no entry.
    public int PostHeaderLength(BinlogEventType type, int fallback)
    {
        var index = (int)type - 1;
        return index >= 0 && index < PostHeaderLengths.Length ? PostHeaderLengths[index] : fallback;
    }

    /// Parses the whole event body including its 1-byte algorithm and 4-byte checksum tail
    /// (a FORMAT_DESCRIPTION always carries both, with a zero checksum when the algorithm is OFF).
    public static FormatDescriptionEvent Parse(ReadOnlySpan<byte> bodyWithChecksum)
    {
        var reader = new EventBodyReader(bodyWithChecksum);
        var version = reader.ReadUInt16();
        var serverVersionBytes = reader.ReadBytes(ServerVersionLength);
        var end = serverVersionBytes.IndexOf((byte)0);
        var serverVersion = System.Text.Encoding.ASCII.GetString(end < 0 ? serverVersionBytes : serverVersionBytes[..end]);
        var created = reader.ReadUInt32();
        var headerLength = reader.ReadByte();
        if (headerLength != BinlogEventHeader.Size)
            throw new BinlogException($"unsupported event header length {headerLength} (only v4 headers of 19 bytes)");
        var remaining = reader.Remaining;
        const int tail = 1 + 4;
        if (remaining < tail)
            throw new BinlogException("FORMAT_DESCRIPTION too short for its checksum algorithm byte");
        var lengths = reader.ReadBytes(remaining - tail).ToArray();
        var algorithm = (ChecksumAlgorithm)reader.ReadByte();
        if (algorithm is not (ChecksumAlgorithm.Off or ChecksumAlgorithm.Crc32))
            throw new BinlogException($"unsupported binlog checksum algorithm {(byte)algorithm}");
        return new FormatDescriptionEvent(version, serverVersion, created, headerLength, lengths, algorithm);
    }
}
