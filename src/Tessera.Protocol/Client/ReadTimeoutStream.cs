using System.Collections.Concurrent;

namespace Tessera.Protocol.Client;

// The per-read timeout of a client connection (MySqlClientOptions.ReadTimeout): a read that gets
// no bytes from the server for longer than Timeout ends with an IOException, so a hung server
// (stopped, swapping, a network that drops packets silently) cannot hold a connection forever.
// One process-wide timer looks at the reads in progress a few times a second and closes the
// socket under a read that is too old, which is what makes the pending read return; each read
// itself only stamps a start time (no timer or token per read on the hot path).
internal sealed class ReadTimeoutStream : Stream
{
    private static readonly TimeSpan ScanPeriod = TimeSpan.FromMilliseconds(100);
    private static readonly ConcurrentDictionary<ReadTimeoutStream, byte> Open = new();
    private static readonly Timer Scanner = new(_ => Scan(), null, ScanPeriod, ScanPeriod);

    private readonly Stream inner;
    private long readStarted;
    private long timeoutMs;
    private volatile bool timedOut;

    public ReadTimeoutStream(Stream inner, TimeSpan timeout)
    {
        this.inner = inner;
        Timeout = timeout;
        GC.KeepAlive(Scanner);
        Open[this] = 0;
    }

    // Zero or negative: reads wait as long as it takes.
    public TimeSpan Timeout
    {
        get => TimeSpan.FromMilliseconds(Interlocked.Read(ref timeoutMs));
        set => Interlocked.Exchange(ref timeoutMs, (long)value.TotalMilliseconds);
    }

    public bool TimedOut => timedOut;

    private static void Scan()
    {
        var now = Environment.TickCount64;
        foreach (var stream in Open.Keys) stream.ExpireIfLate(now);
    }

    private void ExpireIfLate(long now)
    {
        var started = Volatile.Read(ref readStarted);
        var timeout = Interlocked.Read(ref timeoutMs);
        if (started == 0 || timeout <= 0 || now - started <= timeout) return;
        timedOut = true;
        Open.TryRemove(this, out _);
        // Closing the socket is what ends a read the server never answers.
        inner.Dispose();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfTimedOut();
        Volatile.Write(ref readStarted, Environment.TickCount64);
        ValueTask<int> read;
        try
        {
            read = inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e)
        {
            Volatile.Write(ref readStarted, 0);
            if (timedOut) throw TimeoutError(e);
            throw;
        }
        if (read.IsCompletedSuccessfully)
        {
            Volatile.Write(ref readStarted, 0);
            return read;
        }
        return AwaitReadAsync(read);
    }

    private async ValueTask<int> AwaitReadAsync(ValueTask<int> read)
    {
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (Exception e) when (timedOut)
        {
            throw TimeoutError(e);
        }
        finally
        {
            Volatile.Write(ref readStarted, 0);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ThrowIfTimedOut();
        Volatile.Write(ref readStarted, Environment.TickCount64);
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception e) when (timedOut)
        {
            throw TimeoutError(e);
        }
        finally
        {
            Volatile.Write(ref readStarted, 0);
        }
    }

    private void ThrowIfTimedOut()
    {
        if (timedOut) throw TimeoutError(null);
    }

    private IOException TimeoutError(Exception? inner) =>
        new($"no answer from the server within {Timeout.TotalMilliseconds:0} ms (read timeout); the connection was closed", inner);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override bool CanRead => inner.CanRead;
    public override bool CanWrite => !timedOut && inner.CanWrite;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Open.TryRemove(this, out _);
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        Open.TryRemove(this, out _);
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
