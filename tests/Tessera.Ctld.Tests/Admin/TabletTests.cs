using Grpc.Core;
using Tessera.Ctld.Admin;
using Tessera.Ctld.Grpc;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Ctld.Tests.Admin;

// Inside the namespace, so it wins over the Tessera.Tablet namespace.
using Tablet = Tessera.Topo.Records.Tablet;

public class TabletTests
{
    private static async Task<CtldService> WithTabletsAsync()
    {
        var ctld = CtldFixture.Create();
        await ctld.CreateKeyspaceAsync("commerce");
        await ctld.CreateShardAsync("commerce", "0");
        await ctld.CreateKeyspaceAsync("customer");
        await ctld.CreateShardAsync("customer", "-80");
        await ctld.CreateShardAsync("customer", "80-");
        foreach (var (uid, ks, shard, type) in new[]
        {
            (100u, "commerce", "0", TabletType.Primary), (101u, "commerce", "0", TabletType.Replica), (102u, "commerce", "0", TabletType.Rdonly),
            (300u, "customer", "-80", TabletType.Primary), (400u, "customer", "80-", TabletType.Primary),
        })
        {
            await ctld.Topo.CreateTabletAsync(new Tablet
            {
                Alias = new TabletAlias("zone1", uid),
                Keyspace = ks,
                Shard = shard,
                Type = type,
                Hostname = "localhost",
                PortMap = new Dictionary<string, int> { ["grpc"] = 16000 + (int)uid, ["web"] = 15000 + (int)uid },
                MysqlHostname = "localhost",
                MysqlPort = 17000 + (int)uid,
            });
        }
        return ctld;
    }

    [Fact]
    public async Task GetTablets_FiltersByKeyspaceShardAndType_SortedByAlias()
    {
        var ctld = await WithTabletsAsync();
        static uint[] Uids(IEnumerable<Topo.TabletInfo> ts) => [.. ts.Select(t => t.Alias.Uid)];

        Assert.Equal(new uint[] { 100u, 101u, 102u, 300u, 400u }, Uids(await ctld.GetTabletsAsync()));
        Assert.Equal(new uint[] { 100u, 101u, 102u }, Uids(await ctld.GetTabletsAsync("commerce")));
        Assert.Equal(new uint[] { 400u }, Uids(await ctld.GetTabletsAsync("customer", "80-")));
        Assert.Equal(new uint[] { 100u, 300u, 400u }, Uids(await ctld.GetTabletsAsync(type: TabletType.Primary)));
        Assert.Equal(new uint[] { 101u }, Uids(await ctld.GetTabletsAsync("commerce", "0", TabletType.Replica)));
        Assert.Empty(await ctld.GetTabletsAsync(cells: ["zone2"]));

        var e = await Assert.ThrowsAsync<CtldException>(() => ctld.GetTabletsAsync(shard: "0"));
        Assert.Contains("--shard needs --keyspace", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTablet_ByAlias_AndAnUnknownOneFailsNamingIt()
    {
        var ctld = await WithTabletsAsync();
        Assert.Equal(TabletType.Rdonly, (await ctld.GetTabletAsync("zone1-0000000102")).Tablet.Type);

        var e = await Assert.ThrowsAsync<TopoException>(() => ctld.GetTabletAsync("zone1-0000000999"));
        Assert.Contains("tablet 'zone1-0000000999' not found", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<TopoException>(() => ctld.GetTabletAsync("zone1"));
    }

    [Theory]
    [InlineData("primary", TabletType.Primary)]
    [InlineData("MASTER", TabletType.Primary)]
    [InlineData("REPLICA", TabletType.Replica)]
    [InlineData("rdonly", TabletType.Rdonly)]
    [InlineData("drained", TabletType.Drained)]
    public void ParseTabletType_TakesVitessSpellings(string name, TabletType expected) =>
        Assert.Equal(expected, CtldService.ParseTabletType(name));

    [Theory]
    [InlineData("replicaa")]
    [InlineData("2")]
    [InlineData("unknown")]
    public void ParseTabletType_Unknown_FailsNamingIt(string name)
    {
        var e = Assert.Throws<CtldException>(() => CtldService.ParseTabletType(name));
        Assert.Contains($"unknown tablet type '{name}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TabletAwk_IsVtctldclientsLine()
    {
        var tablet = new Tablet
        {
            Alias = new TabletAlias("zone1", 100),
            Keyspace = "commerce",
            Shard = "0",
            Type = TabletType.Primary,
            Hostname = "host1",
            PortMap = new Dictionary<string, int> { ["grpc"] = 16100 },
            MysqlHostname = "host1",
            MysqlPort = 17100,
            PrimaryTermStartTime = new DateTimeOffset(2026, 11, 23, 13, 5, 7, TimeSpan.Zero),
        };
        Assert.Equal("zone1-0000000100 commerce 0 primary host1:16100 host1:17100 [] 2026-11-23T13:05:07Z", CtlFormat.TabletAwk(tablet));
        Assert.Equal("zone1-0000000101 <null> <null> replica :0 :0 [] <null>",
            CtlFormat.TabletAwk(new Tablet { Alias = new TabletAlias("zone1", 101), Type = TabletType.Replica }));
    }

    [Theory]
    [InlineData(TopoErrorCode.NoNode, StatusCode.NotFound)]
    [InlineData(TopoErrorCode.NodeExists, StatusCode.AlreadyExists)]
    [InlineData(TopoErrorCode.NodeNotEmpty, StatusCode.FailedPrecondition)]
    [InlineData(TopoErrorCode.Timeout, StatusCode.DeadlineExceeded)]
    [InlineData(TopoErrorCode.InvalidPath, StatusCode.InvalidArgument)]
    public void RpcErrors_TopoErrors_KeepTheirMessage_UnderTheMatchingStatus(TopoErrorCode code, StatusCode expected)
    {
        var status = RpcErrors.ToStatus(new TopoException(code, "keyspaces/x", "keyspace 'x' says so"))!.Value;
        Assert.Equal((expected, "keyspace 'x' says so"), (status.StatusCode, status.Detail));
    }

    [Fact]
    public async Task Console_ShowsKeyspacesShardsWithRangesAndServing_TabletsWithType_AndVSchema()
    {
        var ctld = await WithTabletsAsync();
        await ctld.ApplyVSchemaAsync("commerce", CtldFixture.CommerceVSchema);
        var html = await Web.CtldConsole.RenderAsync(ctld, CancellationToken.None);

        Assert.Contains("<h2>keyspace customer</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<td>80-</td><td>[80, +∞)</td><td>yes</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>zone1-0000000101</td><td>0</td><td>replica</td><td>localhost:16101</td>", html, StringComparison.Ordinal);
        Assert.Contains("&quot;customer_seq&quot;", html, StringComparison.Ordinal);
    }
}
