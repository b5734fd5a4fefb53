using Tessera.Rpc.TabletManager;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Ctld.Tests.Reparent;

// Validate against real tablets: what it finds when the topo and the tablets disagree.
public class ValidateTests
{
    [Fact]
    public async Task Validate_FindsAShardWithoutPrimary_AReplicaPointedElsewhere_AndAnUnreachableTablet()
    {
        await using var shard = await TestShard.StartAsync(null, 100, 101, 102);
        var admin = shard.Admin;

        // No primary yet: the shard record names none and no tablet is PRIMARY.
        var before = await admin.ValidateAsync();
        Assert.Contains("shard commerce/0 has tablets but its record names no primary", before);
        Assert.Contains("shard commerce/0 has 0 tablets of type PRIMARY, expected exactly one", before);

        await admin.InitShardPrimaryAsync(TestShard.Keyspace, "0", TestShard.Alias(100));
        Assert.Empty(await admin.ValidateAsync(pingTablets: true));

        // 102 made to replicate from 101 instead of the primary.
        await shard.Manager(102).SetReplicationSourceAsync(new SetReplicationSourceRequest
        {
            Parent = new Rpc.Topodata.TabletAlias { Cell = "zone1", Uid = 101 },
            ForceStartReplication = true,
        });
        var pointed = Assert.Single(await admin.ValidateAsync());
        Assert.StartsWith("tablet zone1-0000000102 replicates from 127.0.0.1:", pointed, StringComparison.Ordinal);
        Assert.EndsWith($"not from the primary zone1-0000000100 (127.0.0.1:{(await admin.GetTabletAsync(TestShard.Alias(100))).Tablet.MysqlPort})", pointed, StringComparison.Ordinal);

        // InitShardPrimary again repoints nothing that follows the primary, but 102 is fixed by PRS's retry path.
        var fixedUp = await admin.PlannedReparentShardAsync(TestShard.Keyspace, "0", newPrimary: TestShard.Alias(100));
        Assert.Contains(fixedUp.Events, e => e.Contains("zone1-0000000102 replicates from zone1-0000000100", StringComparison.Ordinal));
        // Its IO thread reconnects to the primary in a moment ("Connecting" is not yet running).
        await TestShard.EventuallyAsync(async () => (await admin.ValidateAsync()).Count == 0, "Validate finds nothing once 102 replicates from the primary");

        // A tablet record whose tablet does not answer at all.
        var closedPort = Testing.FreePort.Next();
        await shard.Topo.CreateTabletAsync(new Topo.Records.Tablet
        {
            Alias = new Topo.Records.TabletAlias("zone1", 300),
            Keyspace = TestShard.Keyspace,
            Shard = "0",
            Type = TopoTabletType.Replica,
            Hostname = "127.0.0.1",
            PortMap = new Dictionary<string, int> { ["grpc"] = closedPort },
        });
        var silent = Assert.Single(await admin.ValidateAsync(pingTablets: true));
        Assert.StartsWith($"Ping on tablet zone1-0000000300 failed: tablet unreachable at 127.0.0.1:{closedPort}", silent, StringComparison.Ordinal);
        await shard.Topo.DeleteTabletAsync(new Topo.Records.TabletAlias("zone1", 300));

        // A tablet whose MariaDB is gone: the tablet answers a ping, but not for its replication.
        shard.KillMysql(101);
        var gone = await admin.ValidateAsync(pingTablets: true);
        Assert.True(gone.Any(p => p.StartsWith("ReplicationStatus on tablet zone1-0000000101 failed:", StringComparison.Ordinal)), "problems: " + string.Join("\n", gone));
    }
}
