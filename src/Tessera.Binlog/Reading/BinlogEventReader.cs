using System.Buffers.Binary;
using System.IO.Hashing;
using Tessera.Binlog.Events;

namespace Tessera.Binlog.Reading;

/// Turns raw event bytes into checked events: verifies the size and the CRC32 the current
/// FORMAT_DESCRIPTION announces, strips the checksum, and keeps the format for the decoders.
/// Every error names the file and position of the event.
public sealed class BinlogEventReader(IBinlogEventSource source, ChecksumAlgorithm initialChecksum = ChecksumAlgorithm.Off) : IAsyncDisposable
{
    public FormatDescriptionEvent Format { get; private set; } = FormatDescriptionEvent.Default with { Checksum = initialChecksum };

    /// The next event, or null at the end of the stream. Its bytes are valid until the next call.
    public ValueTask<BinlogEvent?> ReadAsync(CancellationToken cancellationToken = default)
    {
        var read = source.ReadAsync(cancellationToken);
        if (read.IsCompletedSuccessfully)
            return new ValueTask<BinlogEvent?>(read.Result is { } raw ? Check(raw) : null);
        return ReadSlowAsync(read);
    }

    private async ValueTask<BinlogEvent?> ReadSlowAsync(ValueTask<RawEvent?> read) =>
        await read.ConfigureAwait(false) is { } raw ? Check(raw) : null;

    internal BinlogEvent Check(RawEvent raw)
    {
        var bytes = raw.Bytes.Span;
        if (bytes.Length < BinlogEventHeader.Size)
            throw new BinlogException($"truncated event: {bytes.Length} bytes, less than a header", raw.File, raw.Position);
        var header = BinlogEventHeader.Parse(bytes);
        if (header.EventSize != bytes.Length)
            throw new BinlogException($"truncated event: header says {header.EventSize} bytes, got {bytes.Length}", raw.File, raw.Position);

        var checksum = raw.Checksum ?? Format.Checksum;
        if (header.Type == BinlogEventType.FormatDescription)
        {
            try
            {
                Format = FormatDescriptionEvent.Parse(bytes[BinlogEventHeader.Size..]);
            }
            catch (BinlogException e)
            {
                throw new BinlogException(e.Message, raw.File, raw.Position, e);
            }
            checksum = Format.Checksum;
        }
        var bodyLength = bytes.Length - BinlogEventHeader.Size;
        if (checksum == ChecksumAlgorithm.Crc32 || header.Type == BinlogEventType.FormatDescription)
        {
            if (bodyLength < 4)
                throw new BinlogException("truncated event: no room for its checksum", raw.File, raw.Position);
            bodyLength -= 4;
            if (checksum == ChecksumAlgorithm.Crc32)
            {
                var expected = BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]);
                var actual = Checksum(header, bytes[..^4]);
                if (expected != actual)
                    throw new BinlogException($"checksum mismatch in {header.Type} event: stored 0x{expected:X8}, computed 0x{actual:X8}", raw.File, raw.Position);
            }
        }
        return new BinlogEvent(header, raw.Bytes.Slice(BinlogEventHeader.Size, bodyLength), raw.File, raw.Position);
    }

    /// LOG_EVENT_BINLOG_IN_USE_F is set in the FORMAT_DESCRIPTION of a file that is still open
    /// and cleared when it is closed; the checksum is computed without it.
    private static uint Checksum(BinlogEventHeader header, ReadOnlySpan<byte> bytes)
    {
        const ushort inUse = 0x1;
        if (header.Type != BinlogEventType.FormatDescription || (header.Flags & inUse) == 0)
            return Crc32.HashToUInt32(bytes);
        var crc = new Crc32();
        crc.Append(bytes[..17]);
        Span<byte> flags = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(flags, (ushort)(header.Flags & ~inUse));
        crc.Append(flags);
        crc.Append(bytes[19..]);
        return crc.GetCurrentHashAsUInt32();
    }

    public ValueTask DisposeAsync() => source.DisposeAsync();
}
