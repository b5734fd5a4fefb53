using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Topo.Tests.Server;

public abstract partial class TopoServerTests
{
    [Fact]
    public async Task WatchSrvKeyspace_SeesTheRebuiltGraph()
    {
        await Ts.CreateKeyspaceAsync("customer", new Keyspace());
        await Ts.CreateShardAsync("customer", "0");
        await Ts.CreateShardAsync("customer", "-80", force: true);
        await Ts.CreateShardAsync("customer", "80-", force: true);
        await Ts.RebuildKeyspaceGraphAsync("customer");

        await using var watch = await Ts.WatchSrvKeyspaceAsync("zone1", "customer");
        Assert.Equal(["0"], watch.Current.PartitionFor(TabletType.Primary)!.ShardReferences.Select(r => r.Name));
        await using var changes = watch.ChangesAsync().GetAsyncEnumerator();

        await Ts.UpdateShardFieldsAsync("customer", "0", s => s with { IsPrimaryServing = false });
        await Ts.UpdateShardFieldsAsync("customer", "-80", s => s with { IsPrimaryServing = true });
        await Ts.UpdateShardFieldsAsync("customer", "80-", s => s with { IsPrimaryServing = true });
        await Ts.RebuildKeyspaceGraphAsync("customer");
        Assert.True(await changes.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(["-80", "80-"], changes.Current!.PartitionFor(TabletType.Primary)!.ShardReferences.Select(r => r.Name));
    }

    [Fact]
    public async Task WatchSrvVSchema_SeesTheNewVersion_AndMissingFailsNoNodeNamingTheCell()
    {
        var e = await Assert.ThrowsAsync<TopoException>(() => Ts.WatchSrvVSchemaAsync("zone1"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Contains("zone1", e.Message, StringComparison.Ordinal);

        await Ts.SaveSrvVSchemaAsync("zone1", "{\"keyspaces\":{}}");
        await using var watch = await Ts.WatchSrvVSchemaAsync("zone1");
        Assert.Equal("{\"keyspaces\":{}}", watch.Current);
        await using var changes = watch.ChangesAsync().GetAsyncEnumerator();
        await Ts.SaveSrvVSchemaAsync("zone1", "{\"keyspaces\":{\"customer\":{}}}");
        Assert.True(await changes.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("{\"keyspaces\":{\"customer\":{}}}", changes.Current);
    }
}
