namespace Tessera.Protocol;

/// Raised when the peer answered with an ERR packet (client side), or by a handler that wants its
/// command answered with this error (server side). The connection stays usable.
public sealed class MySqlErrorException : Exception
{
    public MySqlErrorException(MySqlError error)
        : base(error.ToString()) => Error = error;

    public MySqlErrorException(MySqlError error, Exception inner)
        : base(error.ToString(), inner) => Error = error;

    public MySqlError Error { get; }
}
