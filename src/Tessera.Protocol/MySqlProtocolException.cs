using System.Diagnostics.CodeAnalysis;

namespace Tessera.Protocol;

/// The one exception for bytes that break the protocol: a truncated or malformed packet, a wrong
/// sequence id, a packet too large. The connection that produced it cannot continue; the server
/// answers Error (where the protocol still allows) and closes it.
public sealed class MySqlProtocolException : Exception
{
    public MySqlProtocolException(MySqlError error)
        : base(error.ToString()) => Error = error;

    public MySqlError Error { get; }

    [DoesNotReturn]
    internal static void Throw(MySqlError error) => throw new MySqlProtocolException(error);

    [DoesNotReturn]
    internal static void ThrowMalformed(string what) => throw new MySqlProtocolException(ProtocolErrors.MalformedPacket(what));
}
