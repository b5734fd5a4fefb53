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
    private volatile bool disposed;

    public string Address => host + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask<TResponse> CallAsync<TResponse>(QueryWireMethod method, IMessage request, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var connection = idle.TryPop(out var pooled) ? pooled : await ConnectAsync(cancellationToken).ConfigureAwait(false);
        TResponse response;
        try
        {
            await connection.SendAsync((byte)method, request, cancellationToken).ConfigureAwait(false);
            var (read, kind, payload) = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (!read)
            {
                throw new QueryWireException($"query wire: tablet {Address} closed the connection");
            }

            if (kind != QueryWireSocket.ResponseOk)
            {
                throw new QueryWireException($"query wire: tablet {Address}: {Encoding.UTF8.GetString(payload.Span)}");
            }

            response = parser.ParseFrom(payload.Span);
        }
        catch (Exception e)
        {
            connection.Dispose();
            throw e is QueryWireException or OperationCanceledException ? e : new QueryWireException($"query wire: call to tablet {Address} failed: {e.Message}", e);
        }

        if (disposed || idle.Count >= maxIdle)
        {
            connection.Dispose();
        }
        else
        {
            idle.Push(connection);
        }

        return response;
    }

    private async ValueTask<QueryWireSocket> ConnectAsync(CancellationToken cancellationToken)
    {
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

    public void Dispose()
    {
        disposed = true;
        while (idle.TryPop(out var connection))
        {
            connection.Dispose();
        }
    }
}
