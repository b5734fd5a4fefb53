using Tessera.Topo.Backend;
using Tessera.Topo.File;

namespace Tessera.Topo.Tests.Backend;

public sealed class FileTopoContractTests : TopoBackendContract
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tessera-topo-" + Guid.NewGuid().ToString("N"));
    private readonly List<ITopoBackend> _clients = [];

    protected override ITopoBackend CreateBackend() => new FileTopo(_root);

    protected override ITopoBackend SecondClient()
    {
        var c = new FileTopo(_root);
        _clients.Add(c);
        return c;
    }

    public override async Task DisposeAsync()
    {
        foreach (var c in _clients)
            await c.DisposeAsync();
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
