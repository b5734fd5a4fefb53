using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;

namespace Tessera.Rpc.QueryWire;

// The gate's end: a pool of connections to one tablet's query port, one call in flight on each.
// A call takes an idle connection (or opens one), and gives it back when the answer is read; a
// connection that failed or was cancelled mid-call is closed, never reused.
public sealed class QueryWireClient(string host, int port, int maxIdle = 64) : IDisposable
{
    private readonly ConcurrentStack<QueryWireSocket> idle = new();
    private readonly ConcurrentStack<QueryWireSocket> idleBlocking = new();
    private readonly bool isLoopback = Channels.TabletChannel.IsLoopback(host);
    private volatile bool disposed;
    private volatile bool localMissing;

    public string Address => host + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // A caller on its own thread (not the thread pool's: a gate connection's thread, a test) sends
    // and waits on a blocking socket itself, with no hand-off; pool threads use async I/O so they
    // are never held.
    public ValueTask<TResponse> CallAsync<TResponse>(QueryWireMethod method, IMessage request, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        if (Thread.CurrentThread.IsThreadPoolThread)
        {
            return CallAsyncCore(method, request, parser, cancellationToken);
        }

        try
        {
            return new ValueTask<TResponse>(CallBlocking(method, request, parser, cancellationToken));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<TResponse>(e);
        }
    }

    private TResponse CallBlocking<TResponse>(QueryWireMethod method, IMessage request, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = idleBlocking.TryPop(out var pooled) ? pooled : Connect(blocking: true);
        TResponse response;
        // Cancellation cannot interrupt a blocking receive; closing the socket can.
        using (cancellationToken.Register(static c => ((QueryWireSocket)c!).Dispose(), connection))
        {
            try
            {
                connection.Send((byte)method, request);
                response = Read(connection.Receive(), parser);
            }
            catch (Exception e)
            {
                connection.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
                throw e is QueryWireException ? e : new QueryWireException($"query wire: call to tablet {Address} failed: {e.Message}", e);
            }
        }

        Return(idleBlocking, connection);
        return response;
    }

    private async ValueTask<TResponse> CallAsyncCore<TResponse>(QueryWireMethod method, IMessage request, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var connection = idle.TryPop(out var pooled) ? pooled : await ConnectAsync(cancellationToken).ConfigureAwait(false);
        TResponse response;
        try
        {
            await connection.SendAsync((byte)method, request, cancellationToken).ConfigureAwait(false);
            response = Read(await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false), parser);
        }
        catch (Exception e)
        {
            connection.Dispose();
            throw e is QueryWireException or OperationCanceledException ? e : new QueryWireException($"query wire: call to tablet {Address} failed: {e.Message}", e);
        }

        Return(idle, connection);
        return response;
    }

    private TResponse Read<TResponse>((bool Read, byte Kind, ReadOnlyMemory<byte> Payload) frame, MessageParser<TResponse> parser)
        where TResponse : IMessage<TResponse>
    {
        if (!frame.Read)
        {
            throw new QueryWireException($"query wire: tablet {Address} closed the connection");
        }

        if (frame.Kind != QueryWireSocket.ResponseOk)
        {
            throw new QueryWireException($"query wire: tablet {Address}: {Encoding.UTF8.GetString(frame.Payload.Span)}");
        }

        return parser.ParseFrom(frame.Payload.Span);
    }

    private void Return(ConcurrentStack<QueryWireSocket> pool, QueryWireSocket connection)
    {
        if (disposed || pool.Count >= maxIdle)
        {
            connection.Dispose();
        }
        else
        {
            pool.Push(connection);
        }
    }

    // Blocking connect too: an async operation would turn the socket non-blocking for good.
    private QueryWireSocket Connect(bool blocking)
    {
        if (TryLocal(blocking) is { } local)
        {
            return local;
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = blocking };
        try
        {
            socket.Connect(host, port);
            return new QueryWireSocket(socket);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new QueryWireException($"query wire: cannot connect to tablet {Address}: {e.Message}", e);
        }
    }

    private async ValueTask<QueryWireSocket> ConnectAsync(CancellationToken cancellationToken)
    {
        if (TryLocal(blocking: false) is { } local)
        {
            return local;
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return new QueryWireSocket(socket);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new QueryWireException($"query wire: cannot connect to tablet {Address}: {e.Message}", e);
        }
    }

    // A tablet on this host also listens on a unix socket named after its port (see
    // QueryWireSocket.LocalEndPoint); when it is not there (another host's tablet behind a
    // loopback tunnel, an older tablet), TCP is used from then on.
    private QueryWireSocket? TryLocal(bool blocking)
    {
        if (!isLoopback || localMissing)
        {
            return null;
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            // A local connect completes at once, so it is done synchronously either way; a
            // socket for async calls is then switched to non-blocking.
            socket.Connect(QueryWireSocket.LocalEndPoint(port));
            socket.Blocking = blocking;
            return new QueryWireSocket(socket);
        }
        catch (SocketException)
        {
            socket.Dispose();
            localMissing = true;
            return null;
        }
    }

    public void Dispose()
    {
        disposed = true;
        while (idle.TryPop(out var connection))
        {
            connection.Dispose();
        }

        while (idleBlocking.TryPop(out var connection))
        {
            connection.Dispose();
        }
    }
}
