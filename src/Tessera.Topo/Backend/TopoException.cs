namespace Tessera.Topo.Backend;

// One exception type for every topo failure; Code says which, the message names the node.
public sealed class TopoException : Exception
{
    public TopoException()
        : this(TopoErrorCode.BadData, "", "topo error")
    {
    }

    public TopoException(string message)
        : this(TopoErrorCode.BadData, "", message)
    {
    }

    public TopoException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = TopoErrorCode.BadData;
        Node = "";
    }

    public TopoException(TopoErrorCode code, string node, string? message = null, Exception? innerException = null)
        : base(message ?? DefaultMessage(code, node), innerException)
    {
        Code = code;
        Node = node;
    }

    public TopoErrorCode Code { get; }

    // The path (or keyspace/shard/tablet name) the error is about.
    public string Node { get; }

    public static bool Is(Exception e, TopoErrorCode code) => e is TopoException t && t.Code == code;

    private static string DefaultMessage(TopoErrorCode code, string node) => code switch
    {
        TopoErrorCode.NodeExists => $"node already exists: {node}",
        TopoErrorCode.NoNode => $"node doesn't exist: {node}",
        TopoErrorCode.NodeNotEmpty => $"node not empty: {node}",
        TopoErrorCode.BadVersion => $"bad node version: {node}",
        TopoErrorCode.Timeout => $"deadline exceeded: {node}",
        TopoErrorCode.Interrupted => $"interrupted: {node}",
        TopoErrorCode.PartialResult => $"partial result: {node}",
        TopoErrorCode.NoUpdateNeeded => $"no update needed: {node}",
        TopoErrorCode.NoImplementation => $"no such topology implementation {node}",
        TopoErrorCode.LockLost => $"lock lost: {node}",
        TopoErrorCode.InvalidPath => $"invalid topo path: {node}",
        _ => $"bad data: {node}",
    };
}
