using System.IO.Compression;

namespace Tessera.Binlog.Events;

/// The compressed part of MariaDB's *_COMPRESSED events (log_bin_compress=ON): one header byte
/// (low 3 bits: how many bytes hold the uncompressed length; bits 4-6: algorithm, 0 = zlib), the
/// length big-endian, then a zlib stream.
/// https://mariadb.com/kb/en/rows_event_v1v2-rows_compressed_event_v1/
internal static class CompressedPayload
{
    private const int MaxLength = 1 << 30;

    /// Writes `prefix` followed by the decompressed payload into one new array.
    public static byte[] Decompress(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> compressed)
    {
        if (compressed.Length < 1)
            throw new BinlogException("compressed event has no compression header");
        var header = compressed[0];
        var lengthBytes = header & 0x07;
        var algorithm = (header >> 4) & 0x07;
        if (algorithm != 0)
            throw new BinlogException($"compressed event uses algorithm {algorithm}; only zlib (0) is known");
        if (lengthBytes is < 1 or > 4 || compressed.Length < 1 + lengthBytes)
            throw new BinlogException($"compressed event has a bad length header 0x{header:X2}");
        var length = 0;
        for (var i = 0; i < lengthBytes; i++)
            length = (length << 8) | compressed[1 + i];
        if (length is < 0 or > MaxLength)
            throw new BinlogException($"compressed event announces {length} bytes");

        var result = new byte[prefix.Length + length];
        prefix.CopyTo(result);
        using var input = new MemoryStream(compressed[(1 + lengthBytes)..].ToArray(), writable: false);
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        var offset = prefix.Length;
        while (offset < result.Length)
        {
            var read = zlib.Read(result, offset, result.Length - offset);
            if (read == 0)
                throw new BinlogException($"compressed event inflates to {offset - prefix.Length} bytes, {length} announced");
            offset += read;
        }
        if (zlib.ReadByte() >= 0)
            throw new BinlogException($"compressed event inflates to more than the {length} bytes announced");
        return result;
    }
}
