namespace Tessera.Protocol.Server;

/// What the server reports to its host's log (the gate bridges this to ILogger); kept as a plain
/// callback so the protocol library depends on nothing.
public readonly record struct MySqlServerEvent(MySqlServerEventKind Kind, uint ConnectionId, string Message, Exception? Exception);

public enum MySqlServerEventKind
{
    /// A connection ended (peer closed, network error).
    Closed,
    /// Bad bytes from a client: it got an error packet and was closed.
    ProtocolError,
    /// A handler threw something other than MySqlErrorException: the client got ER_UNKNOWN_ERROR.
    HandlerFailed,
    /// A bug in the server itself; the connection was closed, the listener continues.
    Bug,
}
