using Tessera.Keys;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Topo.Tests.Server;

public abstract partial class TopoServerTests
{
    [Fact]
    public async Task CreateShard_FirstShardsOfAKeyspace_ArePrimaryServing()
    {
        await Ts.CreateKeyspaceAsync("customer", new Keyspace());
        var a = await Ts.CreateShardAsync("customer", "-80");
        var b = await Ts.CreateShardAsync("customer", "80-");
        Assert.True(a.IsPrimaryServing);
        Assert.True(b.IsPrimaryServing);
        Assert.Equal(KeyRange.Parse("-80"), (await Ts.GetShardAsync("customer", "-80")).KeyRange);
    }

    [Fact]
    public async Task CreateShard_OverlappingAServingShard_IsRefusedNamingBoth()
    {
        await Ts.CreateKeyspaceAsync("customer", new Keyspace());
        await Ts.CreateShardAsync("customer", "0");
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.CreateShardAsync("customer", "-80"));
        Assert.Equal(TopoErrorCode.NodeExists, e.Code);
        Assert.Contains("customer/-80", e.Message, StringComparison.Ordinal);
        Assert.Contains("customer/0", e.Message, StringComparison.Ordinal);
        Assert.Equal(["0"], await Ts.GetShardNamesAsync("customer"));
    }

    [Fact]
    public async Task CreateShard_OverlappingAServingShard_WhenForced_IsCreatedNotServing()
    {
        await Ts.CreateKeyspaceAsync("customer", new Keyspace());
        await Ts.CreateShardAsync("customer", "0");
        var a = await Ts.CreateShardAsync("customer", "-80", force: true);
        var b = await Ts.CreateShardAsync("customer", "80-", force: true);
        Assert.False(a.IsPrimaryServing);
        Assert.False(b.IsPrimaryServing);
        Assert.True((await Ts.GetShardAsync("customer", "0")).IsPrimaryServing);
    }

    [Fact]
    public async Task CreateShard_OverlappingOnlyANonServingShard_IsAllowedButNotServing()
    {
        await Ts.CreateKeyspaceAsync("customer", new Keyspace());
        await Ts.CreateShardAsync("customer", "-80");
        await Ts.CreateShardAsync("customer", "-40", force: true);
        // -40 is not serving: creating -20 over it needs no force, and does not serve either.
        await Ts.UpdateShardFieldsAsync("customer", "-80", s => s with { IsPrimaryServing = false });
        var c = await Ts.CreateShardAsync("customer", "-20");
        Assert.False(c.IsPrimaryServing);
    }

    [Fact]
    public async Task CreateShard_Twice_FailsNodeExists()
    {
        await CreateKeyspaceWithShardsAsync("customer", "-80");
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.CreateShardAsync("customer", "-80", force: true));
        Assert.Equal(TopoErrorCode.NodeExists, e.Code);
        Assert.Contains("customer/-80", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateShard_UppercaseName_IsStoredLowercase()
    {
        await Ts.CreateKeyspaceAsync("customer", new Keyspace());
        await Ts.CreateShardAsync("customer", "-A0");
        Assert.Equal(["-a0"], await Ts.GetShardNamesAsync("customer"));
    }

    [Fact]
    public async Task CreateShard_UnknownKeyspace_FailsNoNodeNamingIt()
    {
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.CreateShardAsync("nosuch", "-80"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Equal("keyspace 'nosuch' not found", e.Message);
    }

    [Theory]
    [InlineData("-8")]
    [InlineData("80-40")]
    [InlineData("-40-80")]
    [InlineData("-zz")]
    public async Task CreateShard_MalformedName_FailsQuotingIt(string shard)
    {
        await Ts.CreateKeyspaceAsync("customer", new Keyspace());
        var e = await Assert.ThrowsAsync<KeyFormatException>(() => Ts.CreateShardAsync("customer", shard));
        Assert.Contains(shard, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetShard_Unknown_FailsNoNodeNamingIt()
    {
        await Ts.CreateKeyspaceAsync("customer", new Keyspace());
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.GetShardAsync("customer", "-80"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Equal("shard 'customer/-80' not found", e.Message);
    }

    [Fact]
    public async Task GetShardNames_AreSortedByKeyRange_AndUnknownKeyspaceFails()
    {
        await CreateKeyspaceWithShardsAsync("customer", "c0-", "80-c0", "0", "-80");
        Assert.Equal(["-80", "0", "80-c0", "c0-"], await Ts.GetShardNamesAsync("customer"));
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.GetShardNamesAsync("nosuch"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
    }

    [Fact]
    public async Task UpdateShardFields_WritesTheChange_AndNullMeansNoWrite()
    {
        await CreateKeyspaceWithShardsAsync("customer", "0");
        var start = DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var updated = await Ts.UpdateShardFieldsAsync("customer", "0", s => s with
        {
            PrimaryAlias = new TabletAlias("zone1", 100),
            PrimaryTermStartTime = start,
            TabletControls = [new TabletControl { TabletType = TabletType.Rdonly, DeniedTables = ["customer"] }],
            SourceShards = [new SourceShard { Uid = 1, Keyspace = "commerce", Shard = "0", Tables = ["customer"] }],
        });
        var read = await Ts.GetShardAsync("customer", "0");
        Assert.Equal(updated.Version, read.Version);
        Assert.Equal(new TabletAlias("zone1", 100), read.Shard.PrimaryAlias);
        Assert.Equal(start, read.Shard.PrimaryTermStartTime);
        Assert.Equal(["customer"], read.Shard.GetTabletControl(TabletType.Rdonly)!.DeniedTables);
        Assert.Null(read.Shard.GetTabletControl(TabletType.Primary));
        Assert.Equal(TabletType.Rdonly, read.Shard.TabletControls.Single().TabletType);
        Assert.Equal("commerce", read.Shard.SourceShards.Single().Keyspace);

        var same = await Ts.UpdateShardFieldsAsync("customer", "0", _ => null);
        Assert.Equal(read.Version, same.Version);
    }

    [Fact]
    public async Task UpdateShardFields_ConcurrentWriters_LoseNoChange()
    {
        await CreateKeyspaceWithShardsAsync("customer", "0");
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            Ts.UpdateShardFieldsAsync("customer", "0", s => s with
            {
                TabletControls = [.. s.TabletControls, new TabletControl { TabletType = TabletType.Replica, DeniedTables = [$"t{i}"] }],
            }))));
        var tables = (await Ts.GetShardAsync("customer", "0")).Shard.TabletControls.Select(c => c.DeniedTables.Single()).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"t{i}").Order().ToArray(), tables);
    }

    [Fact]
    public async Task UpdateShardFields_UnknownShard_FailsNoNode()
    {
        await Ts.CreateKeyspaceAsync("customer", new Keyspace());
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.UpdateShardFieldsAsync("customer", "-80", s => s));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Contains("customer/-80", e.Message, StringComparison.Ordinal);
    }
}
