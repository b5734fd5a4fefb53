using System.Net.Sockets;

namespace Tessera.Protocol.Framing;

/// A stream over a socket in blocking mode whose async methods complete synchronously: the
/// calling thread does the recv/send itself. Under a thread that owns the connection, the whole
/// async pipeline above (packet framing, the handler) then runs on that thread with no hop to
/// the thread pool and no epoll round trip; the kernel wakes that very thread when bytes come.
/// This is MariaDB's one-thread-per-connection model. Cancellation is not observed during a
/// blocking call: closing the socket (or its ReceiveTimeout) is what interrupts one.
internal sealed class BlockingSocketStream : Stream
{
    private readonly Socket socket;

    public BlockingSocketStream(Socket socket)
    {
        socket.Blocking = true;
        this.socket = socket;
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return socket.Receive(buffer, SocketFlags.None);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            // The socket's ReceiveTimeout (the handshake's deadline) ran out: said as a timeout.
            throw new OperationCanceledException("receive timed out", e);
        }
        catch (SocketException e)
        {
            // As NetworkStream: an IOException wrapping the SocketException.
            throw new IOException($"Unable to read data on the transport connection: {e.Message}.", e);
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<int>(cancellationToken);
        try
        {
            return new ValueTask<int>(Read(buffer.Span));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<int>(e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            while (!buffer.IsEmpty)
            {
                var sent = socket.Send(buffer, SocketFlags.None);
                buffer = buffer[sent..];
            }
        }
        catch (SocketException e)
        {
            throw new IOException($"Unable to write data on the transport connection: {e.Message}.", e);
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        try
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
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
