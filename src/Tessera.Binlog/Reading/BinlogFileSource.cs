using System.Buffers;
using System.Buffers.Binary;
using Tessera.Binlog.Events;

namespace Tessera.Binlog.Reading;

/// Reads events from binlog files (https://mariadb.com/kb/en/overview-of-the-binary-log/):
/// a 4-byte magic, then events back to back. A file that ends with a ROTATE continues in the
/// file the ROTATE names (same directory); the end of a file without one ends the stream.
/// Reads in large chunks so that most events come out of memory without I/O.
public sealed class BinlogFileSource : IBinlogEventSource
{
    private static ReadOnlySpan<byte> Magic => [0xFE, (byte)'b', (byte)'i', (byte)'n'];
    private const int ChunkSize = 1 << 20;

    private readonly string directory;
    private readonly bool followRotations;
    private FileStream? stream;
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
    private int start;
    private int end;
    private long bufferFileOffset;
    private string? nextFile;
    private bool checksummed;
    private long pendingSeek;

    /// Opens `path` and starts reading at `position` (4 = first event, after the magic).
    public BinlogFileSource(string path, long position = 4, bool followRotations = true)
    {
        directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        this.followRotations = followRotations;
        Open(Path.GetFileName(path), position);
    }

    public string File { get; private set; } = "";

    public ValueTask<RawEvent?> ReadAsync(CancellationToken cancellationToken = default)
    {
        // Fast path: the whole event is already buffered (almost always, with 1 MiB chunks).
        if (pendingSeek == 0 && end - start >= BinlogEventHeader.Size)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(start + 9));
            if (size >= BinlogEventHeader.Size && end - start >= size)
                return new ValueTask<RawEvent?>(Take((int)size));
        }
        return ReadSlowAsync(cancellationToken);
    }

    private async ValueTask<RawEvent?> ReadSlowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!await EnsureAsync(BinlogEventHeader.Size, cancellationToken))
            {
                if (end > start)
                    throw new BinlogException($"truncated event header: {end - start} bytes at the end of the file", File, Offset);
                if (nextFile is null || !followRotations)
                    return null;
                Open(nextFile, 4);
                nextFile = null;
                continue;
            }
            var size = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(start + 9));
            if (size < BinlogEventHeader.Size || size > int.MaxValue / 2)
                throw new BinlogException($"invalid event size {size}", File, Offset);
            if (!await EnsureAsync((int)size, cancellationToken))
                throw new BinlogException($"truncated event: {size} bytes announced, {end - start} in the file", File, Offset);
            var taken = Take((int)size);
            if (pendingSeek > 0)
            {
                // Started mid-file: the FORMAT_DESCRIPTION at offset 4 came first, now jump.
                stream!.Position = pendingSeek;
                bufferFileOffset = pendingSeek;
                pendingSeek = 0;
                start = end = 0;
                taken = taken with { Bytes = taken.Bytes.ToArray() };
            }
            return taken;
        }
    }

    private RawEvent Take(int size)
    {
        var bytes = new ReadOnlyMemory<byte>(buffer, start, size);
        var position = Offset;
        start += size;
        var type = (BinlogEventType)bytes.Span[4];
        if (type == BinlogEventType.FormatDescription)
            checksummed = bytes.Span[^5] == (byte)ChecksumAlgorithm.Crc32;
        else if (type == BinlogEventType.Rotate)
            nextFile = RotateTarget(bytes.Span);
        return new RawEvent(bytes, File, position);
    }

    private long Offset => bufferFileOffset + start;

    private string RotateTarget(ReadOnlySpan<byte> bytes)
    {
        // Body: 8-byte position then the file name, then a CRC32 when this file's events carry one.
        var name = bytes[(BinlogEventHeader.Size + 8)..^(checksummed ? 4 : 0)];
        return System.Text.Encoding.UTF8.GetString(name);
    }

    private void Open(string file, long position)
    {
        stream?.Dispose();
        var path = Path.Combine(directory, Path.GetFileName(file));
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            throw new BinlogException($"binlog file {path} not found (named by the ROTATE ending {File})", File.Length == 0 ? null : File, -1, e);
        }
        File = Path.GetFileName(file);
        Span<byte> magic = stackalloc byte[4];
        stream.ReadExactly(magic);
        if (!magic.SequenceEqual(Magic))
            throw new BinlogException("not a binlog file (bad magic)", File, 0);
        stream.Position = 4;
        pendingSeek = position > 4 ? position : 0;
        bufferFileOffset = 4;
        start = end = 0;
    }

    private async ValueTask<bool> EnsureAsync(int count, CancellationToken cancellationToken)
    {
        if (end - start >= count)
            return true;
        if (count > buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(count);
            buffer.AsSpan(start, end - start).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
            bufferFileOffset += start;
            end -= start;
            start = 0;
        }
        else if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            bufferFileOffset += start;
            end -= start;
            start = 0;
        }
        while (end - start < count)
        {
            var read = await stream!.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0)
                return false;
            end += read;
        }
        return true;
    }

    public ValueTask DisposeAsync()
    {
        stream?.Dispose();
        stream = null;
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
        return ValueTask.CompletedTask;
    }
}
