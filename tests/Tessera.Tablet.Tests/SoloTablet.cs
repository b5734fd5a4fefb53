using Tessera.Testing;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Tablet.Tests;

// One primary tablet of <keyspace>/0 on its own MariaDB, free ports and a file topo under the
// test's data root: the base the single-tablet tests adjust with `with { ... }`.
internal static class SoloTablet
{
    public static TabletConfig Config(TestDataRoot root, uint uid, string keyspace) => new()
    {
        TabletUid = uid,
        Keyspace = keyspace,
        Shard = "0",
        InitTabletType = TopoTabletType.Primary,
        DataRoot = root.Path,
        MysqlPort = FreePort.Next(),
        WebPort = FreePort.Next(),
        GrpcPort = FreePort.Next(),
        TopoImplementation = "file",
        TopoGlobalRoot = Path.Combine(root.Path, "topo"),
    };
}
