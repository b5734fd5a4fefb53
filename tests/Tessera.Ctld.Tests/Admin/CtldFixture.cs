using Tessera.Ctld.Admin;
using Tessera.Topo;

namespace Tessera.Ctld.Tests.Admin;

// A CtldService over a fresh memory topo, in cell zone1, with the seeds' VSchemas at hand.
internal static class CtldFixture
{
    public const string CommerceVSchema = """{"tables": {"customer_seq": {"type": "sequence"}, "order_seq": {"type": "sequence"}, "product": {}}}""";

    public const string CustomerVSchema = """
        {
          "sharded": true,
          "vindexes": {"hash": {"type": "hash"}},
          "tables": {
            "customer": {"column_vindexes": [{"column": "customer_id", "name": "hash"}],
                         "auto_increment": {"column": "customer_id", "sequence": "customer_seq"}},
            "corder":   {"column_vindexes": [{"column": "customer_id", "name": "hash"}],
                         "auto_increment": {"column": "order_id", "sequence": "order_seq"}}
          }
        }
        """;

    public static CtldService Create() =>
        new(new TopoServer(TopoBackendFactory.Open(TopoBackendFactory.Memory, "", ""), "zone1") { LockTimeout = TimeSpan.FromSeconds(5) });

    // Over a topo that pauses on each read and write, for tests of concurrent operations.
    public static CtldService CreateSlow() =>
        new(new TopoServer(new SlowTopo(TopoBackendFactory.Open(TopoBackendFactory.Memory, "", "")), "zone1") { LockTimeout = TimeSpan.FromSeconds(30) });
}
