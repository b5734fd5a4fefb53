using Tessera.Keys;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Topo.Tests.Server;

public abstract partial class TopoServerTests
{
    private const string CustomerVSchema = """
        {
          "sharded": true,
          "vindexes": { "hash": { "type": "hash" } },
          "tables": { "customer": { "column_vindexes": [ { "column": "customer_id", "name": "hash" } ] } }
        }
        """;

    [Fact]
    public async Task VSchema_IsStoredAndReturnedAsTheSameText()
    {
        await Ts.CreateKeyspaceAsync("customer", new Keyspace());
        await Ts.SaveVSchemaAsync("customer", CustomerVSchema);
        Assert.Equal(CustomerVSchema, await Ts.GetVSchemaAsync("customer"));
        await Ts.SaveVSchemaAsync("customer", "{\"sharded\":false}");
        Assert.Equal("{\"sharded\":false}", await Ts.GetVSchemaAsync("customer"));
    }

    [Fact]
    public async Task VSchema_UnknownKeyspaceOrNoneSaved_FailsNoNodeNamingTheKeyspace()
    {
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.SaveVSchemaAsync("nosuch", "{}"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Contains("nosuch", e.Message, StringComparison.Ordinal);
        await Ts.CreateKeyspaceAsync("commerce", new Keyspace());
        var none = await Assert.ThrowsAsync<TopoException>(() => Ts.GetVSchemaAsync("commerce"));
        Assert.Equal(TopoErrorCode.NoNode, none.Code);
        Assert.Contains("commerce", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VSchema_MalformedJson_FailsBadData()
    {
        await Ts.CreateKeyspaceAsync("customer", new Keyspace());
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.SaveVSchemaAsync("customer", "{\"sharded\": tru"));
        Assert.Equal(TopoErrorCode.BadData, e.Code);
        Assert.Contains("keyspaces/customer/VSchema", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SrvVSchema_IsPerCell()
    {
        await Ts.SaveSrvVSchemaAsync("zone1", "{\"keyspaces\":{\"a\":{}}}");
        await Ts.SaveSrvVSchemaAsync("zone2", "{\"keyspaces\":{\"b\":{}}}");
        Assert.Equal("{\"keyspaces\":{\"a\":{}}}", await Ts.GetSrvVSchemaAsync("zone1"));
        Assert.Equal("{\"keyspaces\":{\"b\":{}}}", await Ts.GetSrvVSchemaAsync("zone2"));
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.GetSrvVSchemaAsync("zone3"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Contains("zone3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoutingRules_DefaultToEmpty_ThenRoundTrip()
    {
        Assert.Equal(TopoServer.EmptyRoutingRules, await Ts.GetRoutingRulesAsync());
        const string rules = """{"rules":[{"from_table":"customer","to_tables":["commerce.customer"]}]}""";
        await Ts.SaveRoutingRulesAsync(rules);
        Assert.Equal(rules, await Ts.GetRoutingRulesAsync());
    }

    [Fact]
    public async Task RebuildKeyspaceGraph_ServesOnlyPrimaryServingShards_ForEachTabletType_InEveryCell()
    {
        await Ts.CreateKeyspaceAsync("customer", new Keyspace());
        await Ts.CreateShardAsync("customer", "0");
        await Ts.CreateShardAsync("customer", "80-", force: true);
        await Ts.CreateShardAsync("customer", "-80", force: true);
        await Ts.CreateTabletAsync(NewTablet("zone2", 200, "customer", "0", TabletType.Replica));

        await Ts.RebuildKeyspaceGraphAsync("customer");
        foreach (var cell in new[] { "zone1", "zone2" })
        {
            var srv = await Ts.GetSrvKeyspaceAsync(cell, "customer");
            Assert.Equal([TabletType.Primary, TabletType.Replica, TabletType.Rdonly], srv.Partitions.Select(p => p.ServedType));
            foreach (var p in srv.Partitions)
                Assert.Equal(["0"], p.ShardReferences.Select(r => r.Name));
        }

        // Switch traffic: the new shards serve, the old one does not.
        await Ts.UpdateShardFieldsAsync("customer", "0", s => s with { IsPrimaryServing = false });
        await Ts.UpdateShardFieldsAsync("customer", "80-", s => s with { IsPrimaryServing = true });
        await Ts.UpdateShardFieldsAsync("customer", "-80", s => s with { IsPrimaryServing = true });
        await Ts.RebuildKeyspaceGraphAsync("customer", ["zone1"]);
        var rebuilt = await Ts.GetSrvKeyspaceAsync("zone1", "customer");
        var replica = rebuilt.PartitionFor(TabletType.Replica)!;
        Assert.Equal(["-80", "80-"], replica.ShardReferences.Select(r => r.Name));
        Assert.Equal(KeyRange.Parse("80-"), replica.ShardReferences[1].KeyRange);
        // Only zone1 was asked for.
        Assert.Equal(["0"], (await Ts.GetSrvKeyspaceAsync("zone2", "customer")).PartitionFor(TabletType.Primary)!.ShardReferences.Select(r => r.Name));
        Assert.Equal(["customer"], await Ts.GetSrvKeyspaceNamesAsync("zone1"));
    }

    [Fact]
    public async Task RebuildKeyspaceGraph_OverlappingServingShards_FailsNamingThem()
    {
        await Ts.CreateKeyspaceAsync("customer", new Keyspace());
        await Ts.CreateShardAsync("customer", "0");
        await Ts.CreateShardAsync("customer", "-80", force: true);
        await Ts.UpdateShardFieldsAsync("customer", "-80", s => s with { IsPrimaryServing = true });
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.RebuildKeyspaceGraphAsync("customer"));
        Assert.Equal(TopoErrorCode.BadData, e.Code);
        Assert.Contains("'-80'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'0'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RebuildKeyspaceGraph_UnknownKeyspace_FailsNoNode()
    {
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.RebuildKeyspaceGraphAsync("nosuch"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Contains("nosuch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindOverlappingShards_UnshardedToTwoShards_GivesBothSides()
    {
        await CreateKeyspaceWithShardsAsync("customer", "0", "-80", "80-");
        var overlap = Assert.Single(await Ts.FindOverlappingShardsAsync("customer"));
        Assert.Equal(["-80", "80-"], overlap.Left.Select(s => s.ShardName));
        Assert.Equal(["0"], overlap.Right.Select(s => s.ShardName));
        Assert.True(overlap.ContainsShard("0"));
        Assert.False(overlap.ContainsShard("40-"));
    }

    [Fact]
    public async Task FindOverlappingShards_TwoSplitsAtOnce_GivesTwoSets()
    {
        await CreateKeyspaceWithShardsAsync("customer", "-80", "80-", "-40", "40-80", "80-c0", "c0-");
        var sets = await Ts.FindOverlappingShardsAsync("customer");
        Assert.Equal(2, sets.Count);
        Assert.Equal(["-40", "40-80"], sets[0].Left.Select(s => s.ShardName));
        Assert.Equal(["-80"], sets[0].Right.Select(s => s.ShardName));
        Assert.Equal(["80-c0", "c0-"], sets[1].Left.Select(s => s.ShardName));
        Assert.Equal(["80-"], sets[1].Right.Select(s => s.ShardName));
    }

    [Fact]
    public async Task FindOverlappingShards_NoOverlapOrAHole_GivesNone()
    {
        await CreateKeyspaceWithShardsAsync("plain", "-80", "80-");
        Assert.Empty(await Ts.FindOverlappingShardsAsync("plain"));
        // 0 against {-40, 80-}: the left side has a hole at 40-80, so it is no split.
        await CreateKeyspaceWithShardsAsync("holey", "0", "-40", "80-");
        Assert.Empty(await Ts.FindOverlappingShardsAsync("holey"));
    }

    [Fact]
    public async Task FindOverlappingShards_AShardCrossingBothSides_Fails()
    {
        await CreateKeyspaceWithShardsAsync("customer", "0", "-80", "80-", "40-c0");
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.FindOverlappingShardsAsync("customer"));
        Assert.Contains("intersects with more than one shard", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoredRecords_UseVitessFieldNames()
    {
        await CreateKeyspaceWithShardsAsync("customer", "-80");
        await Ts.UpdateShardFieldsAsync("customer", "-80", s => s with { PrimaryAlias = new TabletAlias("zone1", 300) });
        await Ts.CreateTabletAsync(NewTablet("zone1", 300, "customer", "-80", TabletType.Primary));
        var shard = System.Text.Encoding.UTF8.GetString((await Ts.Backend.GetAsync("keyspaces/customer/shards/-80/Shard")).Data);
        Assert.Contains("\"is_primary_serving\": true", shard, StringComparison.Ordinal);
        Assert.Contains("\"key_range\": {", shard, StringComparison.Ordinal);
        Assert.Contains("\"end\": \"80\"", shard, StringComparison.Ordinal);
        Assert.Contains("\"primary_alias\": {", shard, StringComparison.Ordinal);
        var tablet = System.Text.Encoding.UTF8.GetString((await Ts.Backend.GetAsync("cells/zone1/tablets/zone1-0000000300/Tablet")).Data);
        Assert.Contains("\"type\": \"PRIMARY\"", tablet, StringComparison.Ordinal);
        Assert.Contains("\"port_map\": {", tablet, StringComparison.Ordinal);
        Assert.Contains("\"mysql_port\": 17300", tablet, StringComparison.Ordinal);
        Assert.Contains("\"uid\": 300", tablet, StringComparison.Ordinal);
    }
}
