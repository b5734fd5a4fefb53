using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Tessera.Rpc.Query;
using Tessera.Rpc.QueryWire;

namespace Tessera.Tablet.QueryService;

// The tablet's end of the query wire (see QueryWireSocket): a plain TCP listener, and a unix
// socket beside it for a gate on the same host, whose connections each carry one unary
// query-service call at a time, answered by the same QueryCalls as gRPC. A frame the tablet cannot parse gets a failure answer and the connection is closed;
// the listener and every other connection go on.
internal sealed class QueryWireServer : IAsyncDisposable
{
    private readonly Socket listener;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<QueryWireSocket, byte> connections = new();
    private QueryCalls? calls;
    private Task acceptLoop = Task.CompletedTask;

    private readonly Socket? localListener;
    private Task localAcceptLoop = Task.CompletedTask;

    private QueryWireServer(Socket listener, Socket? localListener)
    {
        this.listener = listener;
        this.localListener = localListener;
    }

    public int Port => ((IPEndPoint)listener.LocalEndPoint!).Port;

    // Binds first (port 0 lets the system choose) so the port can be registered in the topo
    // before the query service exists; Start begins answering.
    public static QueryWireServer Bind(int port)
    {
        var listener = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new QueryWireServer(listener, BindLocal(((IPEndPoint)listener.LocalEndPoint!).Port));
    }

    // The same service on a unix socket named after the TCP port, for a gate on this host. Not
    // there (the name taken by a stale process): the gate simply uses TCP.
    private static Socket? BindLocal(int port)
    {
        var local = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            local.Bind(QueryWireSocket.LocalEndPoint(port));
            local.Listen(512);
            return local;
        }
        catch (SocketException)
        {
            local.Dispose();
            return null;
        }
    }

    public void Start(QueryCalls queryCalls)
    {
        calls = queryCalls;
        acceptLoop = Task.Run(() => AcceptLoopAsync(listener));
        if (localListener is { } local)
        {
            localAcceptLoop = Task.Run(() => AcceptLoopAsync(local));
        }
    }

    private async Task AcceptLoopAsync(Socket from)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await from.AcceptAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            if (socket.AddressFamily != AddressFamily.Unix)
            {
                socket.NoDelay = true;
            }

            socket.Blocking = true;
            var connection = new QueryWireSocket(socket);
            connections[connection] = 0;
            new Thread(() => Serve(connection)) { IsBackground = true, Name = "query-wire" }.Start();
        }
    }

    // One thread per gate connection, blocking I/O: a call is read, answered (the MariaDB round
    // trip also on this thread, see DualModeSocketStream) and written back with no hand-off.
    // Closing the socket (DisposeAsync) is what ends a thread waiting for the next call.
    private void Serve(QueryWireSocket connection)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var (read, kind, payload) = connection.Receive();
                if (!read)
                {
                    return;
                }

                IMessage response;
                try
                {
                    var answer = DispatchAsync((QueryWireMethod)kind, payload, stop.Token);
                    response = answer.IsCompletedSuccessfully ? answer.Result : answer.GetAwaiter().GetResult();
                }
                catch (InvalidProtocolBufferException e)
                {
                    connection.SendFailure($"malformed {(QueryWireMethod)kind} request: {e.Message}");
                    return;
                }
                catch (UnknownMethodException e)
                {
                    connection.SendFailure(e.Message);
                    return;
                }
                catch (Exception e) when (e is not (SocketException or ObjectDisposedException or OperationCanceledException))
                {
                    // Query errors come back inside the response; anything else escaping the
                    // query service is told to the gate (as gRPC would say Internal) and this
                    // connection ends, the tablet goes on.
                    connection.SendFailure($"internal error in {(QueryWireMethod)kind}: {e.Message}");
                    return;
                }

                connection.Send(QueryWireSocket.ResponseOk, response);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or QueryWireException or OperationCanceledException or ObjectDisposedException)
        {
            // The gate went away, sent garbage, or the tablet is stopping: this connection ends.
        }
#pragma warning disable CA1031 // This is a thread's top frame: an exception escaping it would end the tablet process.
        catch (Exception)
        {
        }
#pragma warning restore CA1031
        finally
        {
            connections.TryRemove(connection, out _);
            connection.Dispose();
        }
    }

    private async Task<IMessage> DispatchAsync(QueryWireMethod method, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) => method switch
    {
        QueryWireMethod.Execute => await calls!.Execute(ExecuteRequest.Parser.ParseFrom(payload.Span), cancellationToken).ConfigureAwait(false),
        QueryWireMethod.BeginExecute => await calls!.BeginExecute(BeginExecuteRequest.Parser.ParseFrom(payload.Span), cancellationToken).ConfigureAwait(false),
        QueryWireMethod.Begin => await calls!.Begin(BeginRequest.Parser.ParseFrom(payload.Span), cancellationToken).ConfigureAwait(false),
        QueryWireMethod.Commit => await calls!.Commit(CommitRequest.Parser.ParseFrom(payload.Span), cancellationToken).ConfigureAwait(false),
        QueryWireMethod.Rollback => await calls!.Rollback(RollbackRequest.Parser.ParseFrom(payload.Span), cancellationToken).ConfigureAwait(false),
        QueryWireMethod.ReserveExecute => await calls!.ReserveExecute(ReserveExecuteRequest.Parser.ParseFrom(payload.Span), cancellationToken).ConfigureAwait(false),
        QueryWireMethod.Release => await calls!.Release(ReleaseRequest.Parser.ParseFrom(payload.Span), cancellationToken).ConfigureAwait(false),
        QueryWireMethod.ExecuteBatch => await calls!.ExecuteBatch(ExecuteBatchRequest.Parser.ParseFrom(payload.Span), cancellationToken).ConfigureAwait(false),
        _ => throw new UnknownMethodException($"unknown query wire method {(byte)method}"),
    };

    private sealed class UnknownMethodException(string message) : Exception(message);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        listener.Dispose();
        localListener?.Dispose();
        foreach (var connection in connections.Keys)
        {
            connection.Dispose();
        }

        await acceptLoop.ConfigureAwait(false);
        await localAcceptLoop.ConfigureAwait(false);
        stop.Dispose();
    }
}
