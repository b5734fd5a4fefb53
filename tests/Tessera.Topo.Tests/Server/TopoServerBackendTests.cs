using Tessera.Topo.Backend;
using Tessera.Topo.File;
using Tessera.Topo.Memory;

namespace Tessera.Topo.Tests.Server;

public sealed class MemoryTopoServerTests : TopoServerTests
{
    protected override ITopoBackend CreateBackend() => new MemoryTopo();
}

public sealed class FileTopoServerTests : TopoServerTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tessera-topo-" + Guid.NewGuid().ToString("N"));

    protected override ITopoBackend CreateBackend() => new FileTopo(_root) { LockPollInterval = TimeSpan.FromMilliseconds(10) };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
