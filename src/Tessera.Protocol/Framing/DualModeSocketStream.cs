using System.Net.Sockets;

namespace Tessera.Protocol.Framing;

/// A socket stream that does the I/O on the calling thread when that thread is its own (a
/// connection's thread, not the thread pool's), and async I/O otherwise. On its own thread a read
/// tries recv, and when nothing has come yet waits in poll() for the kernel to wake this very
/// thread: no epoll thread, no hand-off to the pool. A pool thread is never held: it awaits as
/// usual. The socket stays non-blocking so both ways work on it.
internal sealed class DualModeSocketStream : Stream
{
    // How often a thread waiting in poll() looks at its cancellation token.
    private const int PollSliceMicroseconds = 100_000;
    private readonly Socket socket;

    public DualModeSocketStream(Socket socket)
    {
        socket.Blocking = false;
        this.socket = socket;
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    private static bool OnOwnThread => !Thread.CurrentThread.IsThreadPoolThread;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => ReadOnThisThread(buffer, CancellationToken.None);

    private int ReadOnThisThread(Span<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var n = socket.Receive(buffer, SocketFlags.None, out var error);
            if (error == SocketError.Success) return n;
            if (error != SocketError.WouldBlock) throw Failed("read", new SocketException((int)error));
            while (!socket.Poll(PollSliceMicroseconds, SelectMode.SelectRead))
                cancellationToken.ThrowIfCancellationRequested();
        }
    }

    // As NetworkStream: a socket failure surfaces as an IOException wrapping the SocketException.
    private static IOException Failed(string what, SocketException e) =>
        new($"Unable to {what} data on the transport connection: {e.Message}.", e);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!OnOwnThread) return ReceiveAsync(buffer, cancellationToken);
        try
        {
            return new ValueTask<int>(ReadOnThisThread(buffer.Span, cancellationToken));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<int>(e);
        }
    }

    private async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw Failed("read", e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => WriteOnThisThread(buffer, CancellationToken.None);

    private void WriteOnThisThread(ReadOnlySpan<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var sent = socket.Send(buffer, SocketFlags.None, out var error);
            if (error == SocketError.Success)
            {
                buffer = buffer[sent..];
                continue;
            }

            if (error != SocketError.WouldBlock) throw Failed("write", new SocketException((int)error));
            while (!socket.Poll(PollSliceMicroseconds, SelectMode.SelectWrite))
                cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (OnOwnThread)
        {
            WriteOnThisThread(buffer.Span, cancellationToken);
            return;
        }

        try
        {
            while (!buffer.IsEmpty)
            {
                var sent = await socket.SendAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                buffer = buffer[sent..];
            }
        }
        catch (SocketException e)
        {
            throw Failed("write", e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) socket.Dispose();
        base.Dispose(disposing);
    }
}
