namespace Tessera.Topo.Backend;

// The error kinds of Vitess's go/vt/topo/errors.go, so a caller can branch on the kind
// (retry on BadVersion, create on NoNode) without parsing messages.
public enum TopoErrorCode
{
    NodeExists,
    NoNode,
    NodeNotEmpty,
    BadVersion,
    Timeout,
    Interrupted,
    PartialResult,
    NoUpdateNeeded,
    NoImplementation,
    LockLost,
    InvalidPath,
    BadData,
}
