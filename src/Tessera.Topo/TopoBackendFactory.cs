using Tessera.Topo.Backend;
using Tessera.Topo.File;
using Tessera.Topo.Memory;

namespace Tessera.Topo;

// Opens a backend from the flags every process takes, named as Vitess's --topo-implementation,
// --topo-global-server-address and --topo-global-root.
public static class TopoBackendFactory
{
    public const string Memory = "memory";
    public const string File = "file";
    public const string Etcd = "etcd2";

    public static IReadOnlyList<string> Implementations { get; } = [File, Memory];

    // memory: a fresh in-process store (address and root ignored).
    // file: the directory root (address ignored), shared by every process given the same root.
    // Anything else fails NoImplementation naming it.
    public static ITopoBackend Open(string implementation, string serverAddress, string root)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        return implementation switch
        {
            Memory => new MemoryTopo(),
            File when string.IsNullOrEmpty(root) => throw new TopoException(TopoErrorCode.BadData, File, "the file topo needs a root directory (--topo-global-root)"),
            File => new FileTopo(root),
            _ => throw new TopoException(TopoErrorCode.NoImplementation, implementation,
                $"no such topology implementation '{implementation}' (available: {string.Join(", ", Implementations)})"),
        };
    }
}
