using Tessera.Topo.Backend;
using Tessera.Topo.Memory;

namespace Tessera.Topo.Tests.Backend;

public sealed class MemoryTopoContractTests : TopoBackendContract
{
    protected override ITopoBackend CreateBackend() => new MemoryTopo();

    protected override ITopoBackend SecondClient() => Topo;
}
