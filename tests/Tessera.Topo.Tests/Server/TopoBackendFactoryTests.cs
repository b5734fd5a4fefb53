using Tessera.Topo.Backend;
using Tessera.Topo.File;
using Tessera.Topo.Memory;

namespace Tessera.Topo.Tests.Server;

public sealed class TopoBackendFactoryTests
{
    [Fact]
    public async Task Open_File_SharesTheDirectoryBetweenInstances()
    {
        var root = Path.Combine(Path.GetTempPath(), "tessera-topo-" + Guid.NewGuid().ToString("N"));
        try
        {
            var a = TopoBackendFactory.Open("file", "", root);
            var b = TopoBackendFactory.Open("file", "", root);
            Assert.IsType<FileTopo>(a);
            await a.CreateAsync("x", "1"u8.ToArray());
            Assert.Equal("1"u8.ToArray(), (await b.GetAsync("x")).Data);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Open_Memory_GivesAnInProcessStore() =>
        Assert.IsType<MemoryTopo>(TopoBackendFactory.Open("memory", "", ""));

    [Fact]
    public void Open_Unknown_FailsNoImplementationNamingIt()
    {
        var e = Assert.Throws<TopoException>(() => TopoBackendFactory.Open("zk2", "localhost:2181", "/vitess"));
        Assert.Equal(TopoErrorCode.NoImplementation, e.Code);
        Assert.Contains("'zk2'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FileWithoutRoot_FailsSayingSo()
    {
        var e = Assert.Throws<TopoException>(() => TopoBackendFactory.Open("file", "", ""));
        Assert.Contains("root", e.Message, StringComparison.Ordinal);
    }
}
