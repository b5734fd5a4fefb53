using Tessera.Keys;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Topo.Tests.Server;

public abstract partial class TopoServerTests
{
    [Fact]
    public async Task CreateTablet_ThenGet_ReturnsEveryField()
    {
        var t = NewTablet("zone1", 100, "commerce", "0", TabletType.Primary) with { DbNameOverride = "shop" };
        await Ts.CreateTabletAsync(t);
        var read = (await Ts.GetTabletAsync(TabletAlias.Parse("zone1-0000000100"))).Tablet;
        Assert.Equal(new TabletAlias("zone1", 100), read.Alias);
        Assert.Equal("localhost", read.Hostname);
        Assert.Equal(16100, read.PortMap["grpc"]);
        Assert.Equal(15100, read.PortMap["web"]);
        Assert.Equal("commerce", read.Keyspace);
        Assert.Equal("0", read.Shard);
        Assert.Equal(KeyRange.Full, read.KeyRange);
        Assert.Equal(TabletType.Primary, read.Type);
        Assert.Equal("127.0.0.1", read.MysqlHostname);
        Assert.Equal(17100, read.MysqlPort);
        Assert.Equal("shop", read.DbName);
    }

    [Fact]
    public async Task CreateTablet_Twice_FailsNodeExistsNamingTheAlias()
    {
        await Ts.CreateTabletAsync(NewTablet("zone1", 100, "commerce", "0", TabletType.Primary));
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.CreateTabletAsync(NewTablet("zone1", 100, "commerce", "0", TabletType.Replica)));
        Assert.Equal(TopoErrorCode.NodeExists, e.Code);
        Assert.Contains("zone1-0000000100", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTablet_Unknown_FailsNoNodeNamingTheAlias()
    {
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.GetTabletAsync(new TabletAlias("zone1", 404)));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Equal("tablet 'zone1-0000000404' not found", e.Message);
    }

    [Fact]
    public async Task UpdateTablet_WithStaleVersion_FailsBadVersion_AndUpdateTabletFieldsRetries()
    {
        var info = await Ts.CreateTabletAsync(NewTablet("zone1", 101, "commerce", "0", TabletType.Replica));
        await Ts.UpdateTabletAsync(info with { Tablet = info.Tablet with { Type = TabletType.Rdonly } });
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.UpdateTabletAsync(info with { Tablet = info.Tablet with { Type = TabletType.Drained } }));
        Assert.Equal(TopoErrorCode.BadVersion, e.Code);

        await Ts.UpdateTabletFieldsAsync(info.Alias, t => t with { Type = TabletType.Primary });
        Assert.Equal(TabletType.Primary, (await Ts.GetTabletAsync(info.Alias)).Tablet.Type);
    }

    [Fact]
    public async Task DeleteTablet_RemovesIt_AndUnknownFailsNoNode()
    {
        var alias = new TabletAlias("zone1", 102);
        await Ts.CreateTabletAsync(NewTablet("zone1", 102, "commerce", "0", TabletType.Rdonly));
        await Ts.DeleteTabletAsync(alias);
        Assert.Equal(TopoErrorCode.NoNode, (await Assert.ThrowsAsync<TopoException>(() => Ts.GetTabletAsync(alias))).Code);
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.DeleteTabletAsync(alias));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Contains("zone1-0000000102", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTabletAliasesByCell_AreSortedByUid_PerCell()
    {
        await Ts.CreateTabletAsync(NewTablet("zone1", 1000, "commerce", "0", TabletType.Replica));
        await Ts.CreateTabletAsync(NewTablet("zone1", 100, "commerce", "0", TabletType.Primary));
        await Ts.CreateTabletAsync(NewTablet("zone2", 200, "commerce", "0", TabletType.Replica));
        Assert.Equal([new TabletAlias("zone1", 100), new TabletAlias("zone1", 1000)], await Ts.GetTabletAliasesByCellAsync("zone1"));
        Assert.Equal([new TabletAlias("zone2", 200)], await Ts.GetTabletAliasesByCellAsync("zone2"));
        Assert.Empty(await Ts.GetTabletAliasesByCellAsync("zone3"));
    }

    [Fact]
    public async Task GetTabletsByShard_FindsTheShardsTabletsInEveryCell()
    {
        await CreateKeyspaceWithShardsAsync("customer", "-80", "80-");
        await Ts.CreateTabletAsync(NewTablet("zone1", 300, "customer", "-80", TabletType.Primary));
        await Ts.CreateTabletAsync(NewTablet("zone1", 400, "customer", "80-", TabletType.Primary));
        await Ts.CreateTabletAsync(NewTablet("zone2", 301, "customer", "-80", TabletType.Replica));
        var tablets = await Ts.GetTabletsByShardAsync("customer", "-80");
        Assert.Equal([new TabletAlias("zone1", 300), new TabletAlias("zone2", 301)], tablets.Select(t => t.Alias));
        Assert.Equal([new TabletAlias("zone1", 300)], (await Ts.GetTabletsByShardAsync("customer", "-80", ["zone1"])).Select(t => t.Alias));

        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.GetTabletsByShardAsync("customer", "40-"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Contains("customer/40-", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TabletAlias_PrintsAndParsesAsVitess()
    {
        Assert.Equal("zone1-0000000100", new TabletAlias("zone1", 100).ToString());
        Assert.Equal(new TabletAlias("zone1", 100), TabletAlias.Parse("zone1-0000000100"));
        Assert.Equal(new TabletAlias("zone1", 100), TabletAlias.Parse("zone1-100"));
        var e = Assert.Throws<TopoException>(() => TabletAlias.Parse("zone1"));
        Assert.Contains("'zone1'", e.Message, StringComparison.Ordinal);
    }
}
