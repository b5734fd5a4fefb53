using System.Net;
using Tessera.Protocol.Constants;

namespace Tessera.Protocol.Server;

/// The state of one client connection that a handler can see and change.
public sealed class MySqlSession
{
    internal MySqlSession(uint connectionId, EndPoint? remoteEndPoint)
    {
        ConnectionId = connectionId;
        RemoteEndPoint = remoteEndPoint;
    }

    public uint ConnectionId { get; }
    public EndPoint? RemoteEndPoint { get; }
    public string User { get; internal set; } = "";
    /// The UserData of the static auth file entry (Vitess uses it for table ACL groups).
    public string? UserData { get; internal set; }
    public string? Database { get; set; }
    public CapabilityFlags Capabilities { get; internal set; }
    public byte CharacterSet { get; internal set; }
    public IReadOnlyDictionary<string, string> Attributes { get; internal set; } = new Dictionary<string, string>();
    public bool IsTls { get; internal set; }

    /// Reported in every OK/EOF: the handler flips these on BEGIN/COMMIT/SET autocommit.
    public bool Autocommit { get; set; } = true;
    public bool InTransaction { get; set; }

    /// COM_SET_OPTION can turn multi-statements off for the session.
    public bool MultiStatements { get; internal set; }

    /// Free slot for the handler's own per-connection state.
    public object? State { get; set; }

    internal ServerStatus Status =>
        (Autocommit ? ServerStatus.Autocommit : ServerStatus.None) | (InTransaction ? ServerStatus.InTransaction : ServerStatus.None);
}
