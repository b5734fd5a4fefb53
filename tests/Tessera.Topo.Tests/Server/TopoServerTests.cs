using Tessera.Keys;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Topo.Tests.Server;

// The typed operations, run over each backend.
public abstract partial class TopoServerTests : IAsyncLifetime
{
    private ITopoBackend? _backend;

    protected TopoServer Ts { get; private set; } = null!;

    protected abstract ITopoBackend CreateBackend();

    public virtual Task InitializeAsync()
    {
        _backend = CreateBackend();
        Ts = new TopoServer(_backend, "zone1") { LockTimeout = TimeSpan.FromSeconds(10), LockTtl = TimeSpan.FromSeconds(10) };
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        if (_backend is not null)
            await _backend.DisposeAsync();
    }

    protected async Task CreateKeyspaceWithShardsAsync(string keyspace, params string[] shards)
    {
        await Ts.CreateKeyspaceAsync(keyspace, new Keyspace());
        foreach (var s in shards)
            await Ts.CreateShardAsync(keyspace, s, force: true);
    }

    protected static Tablet NewTablet(string cell, uint uid, string keyspace, string shard, TabletType type) => new()
    {
        Alias = new TabletAlias(cell, uid),
        Hostname = "localhost",
        PortMap = new Dictionary<string, int> { ["grpc"] = 16000 + (int)uid, ["web"] = 15000 + (int)uid },
        Keyspace = keyspace,
        Shard = shard,
        KeyRange = KeyRange.Parse(shard),
        Type = type,
        MysqlHostname = "127.0.0.1",
        MysqlPort = 17000 + (int)uid,
    };

    // ---- keyspaces ----

    [Fact]
    public async Task CreateKeyspace_ThenGet_ReturnsItsFields()
    {
        await Ts.CreateKeyspaceAsync("commerce", new Keyspace { DurabilityPolicy = "semi_sync" });
        var ks = await Ts.GetKeyspaceAsync("commerce");
        Assert.Equal("commerce", ks.Name);
        Assert.Equal("semi_sync", ks.Keyspace.DurabilityPolicy);
        Assert.Equal(KeyspaceType.Normal, ks.Keyspace.KeyspaceType);
    }

    [Fact]
    public async Task CreateKeyspace_Twice_FailsNodeExistsNamingIt()
    {
        await Ts.CreateKeyspaceAsync("commerce", new Keyspace());
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.CreateKeyspaceAsync("commerce", new Keyspace()));
        Assert.Equal(TopoErrorCode.NodeExists, e.Code);
        Assert.Contains("commerce", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetKeyspace_Unknown_FailsNoNodeNamingIt()
    {
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.GetKeyspaceAsync("nosuch"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Equal("keyspace 'nosuch' not found", e.Message);
    }

    [Fact]
    public async Task UpdateKeyspace_WithStaleInfo_FailsBadVersion()
    {
        var info = await Ts.CreateKeyspaceAsync("commerce", new Keyspace());
        await Ts.UpdateKeyspaceAsync(info with { Keyspace = new Keyspace { DurabilityPolicy = "none" } });
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.UpdateKeyspaceAsync(info with { Keyspace = new Keyspace { DurabilityPolicy = "semi_sync" } }));
        Assert.Equal(TopoErrorCode.BadVersion, e.Code);
        Assert.Equal("none", (await Ts.GetKeyspaceAsync("commerce")).Keyspace.DurabilityPolicy);
    }

    [Fact]
    public async Task GetKeyspaceNames_ListsKeyspacesSorted_AndForgetsDeletedOnes()
    {
        Assert.Empty(await Ts.GetKeyspaceNamesAsync());
        await Ts.CreateKeyspaceAsync("customer", new Keyspace());
        await Ts.CreateKeyspaceAsync("commerce", new Keyspace());
        Assert.Equal(["commerce", "customer"], await Ts.GetKeyspaceNamesAsync());
        await Ts.DeleteKeyspaceAsync("customer");
        Assert.Equal(["commerce"], await Ts.GetKeyspaceNamesAsync());
    }

    [Fact]
    public async Task DeleteKeyspace_WithShards_IsRefused_AndWithoutRemovesVSchemaAndServingGraph()
    {
        await CreateKeyspaceWithShardsAsync("customer", "0");
        await Ts.SaveVSchemaAsync("customer", "{}");
        await Ts.RebuildKeyspaceGraphAsync("customer");
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.DeleteKeyspaceAsync("customer"));
        Assert.Equal(TopoErrorCode.NodeNotEmpty, e.Code);
        Assert.Contains("customer", e.Message, StringComparison.Ordinal);

        await Ts.DeleteShardAsync("customer", "0");
        await Ts.DeleteKeyspaceAsync("customer");
        Assert.Equal(TopoErrorCode.NoNode, (await Assert.ThrowsAsync<TopoException>(() => Ts.GetVSchemaAsync("customer"))).Code);
        Assert.Equal(TopoErrorCode.NoNode, (await Assert.ThrowsAsync<TopoException>(() => Ts.GetSrvKeyspaceAsync("zone1", "customer"))).Code);
    }

    [Fact]
    public async Task DeleteKeyspace_Unknown_FailsNoNodeNamingIt()
    {
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.DeleteKeyspaceAsync("nosuch"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Contains("nosuch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cells_CellInfoRoundTrips_AndKnownCellsIncludeCellsWithTablets()
    {
        await Ts.CreateCellInfoAsync("zone1", new CellInfo { Root = "/vt/zone1", ServerAddress = "local" });
        Assert.Equal("/vt/zone1", (await Ts.GetCellInfoAsync("zone1")).Root);
        await Ts.CreateTabletAsync(NewTablet("zone2", 200, "ks", "0", TabletType.Replica));
        Assert.Equal(["zone1", "zone2"], await Ts.GetKnownCellsAsync());
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.GetCellInfoAsync("zone9"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Contains("zone9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LockKeyspace_ExcludesASecondHolder()
    {
        await Ts.CreateKeyspaceAsync("commerce", new Keyspace());
        await using var held = await Ts.LockKeyspaceAsync("commerce", "first");
        var impatient = new TopoServer(Ts.Backend, "zone1") { LockTimeout = TimeSpan.FromMilliseconds(200) };
        var e = await Assert.ThrowsAsync<TopoException>(() => impatient.LockKeyspaceAsync("commerce", "second"));
        Assert.Equal(TopoErrorCode.Timeout, e.Code);
        // The shard lock is a different lock.
        await using var shardLock = await impatient.LockShardAsync("commerce", "0", "third");
    }
}
