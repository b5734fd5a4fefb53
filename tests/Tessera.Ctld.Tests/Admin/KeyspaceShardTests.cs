using Tessera.Ctld.Admin;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Ctld.Tests.Admin;

// Inside the namespace, so it wins over the Tessera.Tablet namespace.
using Tablet = Tessera.Topo.Records.Tablet;

public class KeyspaceShardTests
{
    [Fact]
    public async Task CreateKeyspace_WritesAnEmptyVSchema_AndServesIt()
    {
        var ctld = CtldFixture.Create();
        var info = await ctld.CreateKeyspaceAsync("commerce", durabilityPolicy: "semi_sync");

        Assert.Equal("semi_sync", info.Keyspace.DurabilityPolicy);
        Assert.Equal("{}", await ctld.GetVSchemaAsync("commerce"));
        var srv = VSchemaJson.ParseSrvVSchema(await ctld.GetSrvVSchemaAsync("zone1"));
        Assert.Equal(["commerce"], srv.Keyspaces.Keys);
        Assert.Equal(["commerce"], (await ctld.GetKeyspacesAsync()).Select(k => k.Name));
    }

    [Fact]
    public async Task CreateKeyspace_Twice_FailsNamingIt_UnlessForced()
    {
        var ctld = CtldFixture.Create();
        await ctld.CreateKeyspaceAsync("commerce");

        var e = await Assert.ThrowsAsync<TopoException>(() => ctld.CreateKeyspaceAsync("commerce"));
        Assert.Equal(TopoErrorCode.NodeExists, e.Code);
        Assert.Contains("keyspace 'commerce' already exists", e.Message, StringComparison.Ordinal);
        Assert.Equal("commerce", (await ctld.CreateKeyspaceAsync("commerce", force: true)).Name);
    }

    [Fact]
    public async Task DeleteKeyspace_WithShards_RefusesUnlessRecursive_ThenRemovesShardsTabletsAndServingVSchema()
    {
        var ctld = CtldFixture.Create();
        await ctld.CreateKeyspaceAsync("commerce");
        await ctld.CreateShardAsync("commerce", "0");
        await ctld.Topo.CreateTabletAsync(new Tablet { Alias = new TabletAlias("zone1", 100), Keyspace = "commerce", Shard = "0", Type = TabletType.Primary });

        var e = await Assert.ThrowsAsync<CtldException>(() => ctld.DeleteKeyspaceAsync("commerce"));
        Assert.Contains("keyspace 'commerce' still has shards (0); use --recursive", e.Message, StringComparison.Ordinal);

        await ctld.DeleteKeyspaceAsync("commerce", recursive: true);
        Assert.Empty(await ctld.GetKeyspacesAsync());
        Assert.Empty(await ctld.GetTabletsAsync());
        Assert.Empty(VSchemaJson.ParseSrvVSchema(await ctld.GetSrvVSchemaAsync("zone1")).Keyspaces);
        await Assert.ThrowsAsync<TopoException>(() => ctld.GetKeyspaceAsync("commerce"));
    }

    [Fact]
    public async Task CreateShard_OverlappingServingShard_IsRefused_AndForceCreatesItNonServing()
    {
        var ctld = CtldFixture.Create();
        await ctld.CreateKeyspaceAsync("customer");
        var (_, whole, _) = await ctld.CreateShardAsync("customer", "0");
        Assert.True(whole.IsPrimaryServing);

        var e = await Assert.ThrowsAsync<TopoException>(() => ctld.CreateShardAsync("customer", "-80"));
        Assert.Contains("overlaps serving shard 'customer/0'", e.Message, StringComparison.Ordinal);

        var (_, target, existed) = await ctld.CreateShardAsync("customer", "-80", force: true);
        Assert.False(existed);
        Assert.False(target.IsPrimaryServing);

        // Retrying with force answers the shard that is there.
        var (_, again, existedNow) = await ctld.CreateShardAsync("customer", "-80", force: true);
        Assert.True(existedNow);
        Assert.Equal("-80", again.ShardName);
    }

    [Fact]
    public async Task CreateShard_IncludeParent_CreatesTheMissingKeyspace_WithoutIt_FailsNamingTheKeyspace()
    {
        var ctld = CtldFixture.Create();
        var e = await Assert.ThrowsAsync<TopoException>(() => ctld.CreateShardAsync("customer", "-80"));
        Assert.Contains("keyspace 'customer' not found", e.Message, StringComparison.Ordinal);

        var (keyspace, shard, _) = await ctld.CreateShardAsync("customer", "-80", includeParent: true);
        Assert.Equal("customer", keyspace.Name);
        Assert.Equal(["-80"], await ctld.Topo.GetShardNamesAsync("customer"));
        Assert.Equal("80", Convert.ToHexStringLower(shard.KeyRange.End));
    }

    [Fact]
    public async Task DeleteShards_RefusesAServingShard_AndOneWithTablets_UntilTold()
    {
        var ctld = CtldFixture.Create();
        await ctld.CreateKeyspaceAsync("customer");
        await ctld.CreateShardAsync("customer", "0");
        await ctld.RebuildKeyspaceGraphAsync("customer");
        await ctld.Topo.CreateTabletAsync(new Tablet { Alias = new TabletAlias("zone1", 200), Keyspace = "customer", Shard = "0", Type = TabletType.Primary });

        var serving = await Assert.ThrowsAsync<CtldException>(() => ctld.DeleteShardsAsync([("customer", "0")], recursive: true));
        Assert.Contains("shard 'customer/0' is still serving in cell 'zone1'", serving.Message, StringComparison.Ordinal);

        var tablets = await Assert.ThrowsAsync<CtldException>(() => ctld.DeleteShardsAsync([("customer", "0")], evenIfServing: true));
        Assert.Contains("still has tablets (zone1-0000000200); use --recursive", tablets.Message, StringComparison.Ordinal);

        await ctld.DeleteShardsAsync([("customer", "0")], recursive: true, evenIfServing: true);
        Assert.Empty(await ctld.Topo.GetShardNamesAsync("customer"));
        Assert.Empty(await ctld.GetTabletsAsync());
        var srv = (await ctld.GetSrvKeyspacesAsync("customer"))["zone1"];
        Assert.All(srv.Partitions, p => Assert.Empty(p.ShardReferences));
    }

    [Fact]
    public async Task RebuildKeyspaceGraph_ServesEachPrimaryServingShardByKeyRange()
    {
        var ctld = CtldFixture.Create();
        await ctld.CreateKeyspaceAsync("customer");
        await ctld.CreateShardAsync("customer", "80-");
        await ctld.CreateShardAsync("customer", "-80");
        await ctld.RebuildKeyspaceGraphAsync("customer");

        var srv = Assert.Single(await ctld.GetSrvKeyspacesAsync("customer"));
        Assert.Equal("zone1", srv.Key);
        foreach (var type in ServedTabletTypes.All)
            Assert.Equal(["-80", "80-"], srv.Value.PartitionFor(type)!.ShardReferences.Select(r => r.Name));
    }

    [Fact]
    public async Task CellInfo_OwnCellNotListedUntilRegistered_AddCellInfoTwiceFails()
    {
        var ctld = CtldFixture.Create();
        Assert.Empty(await ctld.GetCellInfoNamesAsync());
        await ctld.AddCellInfoAsync("zone1", new CellInfo { Root = "/vt/zone1" });
        await ctld.AddCellInfoAsync("zone2", new CellInfo());

        Assert.Equal(["zone1", "zone2"], await ctld.GetCellInfoNamesAsync());
        var e = await Assert.ThrowsAsync<TopoException>(() => ctld.AddCellInfoAsync("zone2", new CellInfo()));
        Assert.Contains("cell 'zone2' already exists", e.Message, StringComparison.Ordinal);
    }
}
