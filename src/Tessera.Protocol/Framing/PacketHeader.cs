namespace Tessera.Protocol.Framing;

/// The 4-byte packet header: 3-byte little-endian payload length and a sequence id
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html).
/// A payload of 2^24-1 bytes or more is sent as chunks of MaxChunk bytes, ended by a shorter chunk
/// (possibly empty); each chunk has its own header and the next sequence id.
internal static class PacketHeader
{
    public const int Size = 4;
    public const int MaxChunk = 0xFF_FFFF;

    public static void Write(Span<byte> header, int payloadLength, byte sequence)
    {
        header[0] = (byte)payloadLength;
        header[1] = (byte)(payloadLength >> 8);
        header[2] = (byte)(payloadLength >> 16);
        header[3] = sequence;
    }

    public static int ReadLength(ReadOnlySpan<byte> header) => header[0] | header[1] << 8 | header[2] << 16;
}
