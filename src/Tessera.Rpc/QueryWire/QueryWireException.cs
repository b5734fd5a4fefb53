namespace Tessera.Rpc.QueryWire;

// The call did not complete: the connection failed, or the tablet could not handle the frame.
// Query errors are not this: they travel inside the response's RpcError, as over gRPC.
public sealed class QueryWireException : Exception
{
    public QueryWireException(string message)
        : base(message)
    {
    }

    public QueryWireException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
