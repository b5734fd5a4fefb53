using Tessera.Ctld.Admin;
using Tessera.Rpc.TabletManager;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Ctld.Tests.Reparent;

// EmergencyReparentShard with the primary's MariaDB killed.
public class EmergencyReparentTests
{
    [Fact]
    public async Task EmergencyReparent_AfterThePrimaryDies_PromotesTheMostAdvancedReplica_AndWritesWork()
    {
        await using var shard = await TestShard.StartAsync([(100u, "0", TopoTabletType.Replica), (101u, "0", TopoTabletType.Replica), (102u, "0", TopoTabletType.Replica)]);
        var admin = shard.Admin;
        await admin.InitShardPrimaryAsync(TestShard.Keyspace, "0", TestShard.Alias(100));
        await shard.Manager(100).ApplySchemaAsync(new ApplySchemaRequest { Sql = "create table w (id bigint primary key)", AllowReplication = true });
        Assert.Null((await shard.ExecuteAsync(100, "insert into w (id) values (1)", TopoTabletType.Primary)).Error);
        await TestShard.EventuallyAsync(async () => (await shard.IdsAsync(101, "w")).Contains(1), "101 has row 1");

        // 101 stops replicating, so 102 ends up further ahead: it must be the one promoted.
        await shard.Manager(101).StopReplicationAsync(new StopReplicationRequest());
        Assert.Null((await shard.ExecuteAsync(100, "insert into w (id) values (2), (3)", TopoTabletType.Primary)).Error);
        await TestShard.EventuallyAsync(async () => (await shard.IdsAsync(102, "w")).SetEquals([1, 2, 3]), "102 has rows 1-3");
        shard.KillMysql(100);

        var result = await admin.EmergencyReparentShardAsync(TestShard.Keyspace, "0", waitReplicasTimeout: TimeSpan.FromSeconds(5));
        Assert.Equal(102u, result.PromotedPrimary.Uid);
        Assert.Equal(102u, (await admin.GetShardAsync(TestShard.Keyspace, "0")).Shard.PrimaryAlias?.Uid);
        Assert.Equal(TopoTabletType.Primary, (await admin.GetTabletAsync(TestShard.Alias(102))).Tablet.Type);
        Assert.NotEqual(TopoTabletType.Primary, (await admin.GetTabletAsync(TestShard.Alias(100))).Tablet.Type);

        // Writes work on the new primary and reach the other replica, which also gets 2 and 3.
        Assert.Null((await shard.ExecuteAsync(102, "insert into w (id) values (4)", TopoTabletType.Primary)).Error);
        await TestShard.EventuallyAsync(async () => (await shard.IdsAsync(101, "w")).SetEquals([1, 2, 3, 4]), "101 has rows 1-4 from 102");
        var status = await shard.Manager(101).ReplicationStatusAsync(new ReplicationStatusRequest());
        Assert.True(status.IoRunning && status.SqlRunning, status.LastError);

        // Run again, it would throw away what the live new primary acknowledged: refused.
        var retry = await Assert.ThrowsAsync<CtldException>(() => admin.EmergencyReparentShardAsync(TestShard.Keyspace, "0"));
        Assert.Contains("the primary zone1-0000000102 of commerce/0 is alive", retry.Message, StringComparison.Ordinal);
        Assert.Contains("use PlannedReparentShard", retry.Message, StringComparison.Ordinal);
        Assert.Equal(102u, (await admin.GetShardAsync(TestShard.Keyspace, "0")).Shard.PrimaryAlias?.Uid);
    }

    [Fact]
    public async Task EmergencyReparent_ToANamedReplicaBehindAnother_CatchesItUpFirst()
    {
        await using var shard = await TestShard.StartAsync([(100u, "0", TopoTabletType.Replica), (101u, "0", TopoTabletType.Replica), (102u, "0", TopoTabletType.Replica)]);
        var admin = shard.Admin;
        await admin.InitShardPrimaryAsync(TestShard.Keyspace, "0", TestShard.Alias(100));
        await shard.Manager(100).ApplySchemaAsync(new ApplySchemaRequest { Sql = "create table w (id bigint primary key)", AllowReplication = true });
        await TestShard.EventuallyAsync(async () => (await shard.DbaAsync(101, "show tables like 'w'")).Count == 1, "101 has table w");
        await shard.Manager(101).StopReplicationAsync(new StopReplicationRequest());
        Assert.Null((await shard.ExecuteAsync(100, "insert into w (id) values (1), (2)", TopoTabletType.Primary)).Error);
        await TestShard.EventuallyAsync(async () => (await shard.IdsAsync(102, "w")).SetEquals([1, 2]), "102 has rows 1-2");
        shard.KillMysql(100);

        var result = await admin.EmergencyReparentShardAsync(TestShard.Keyspace, "0", newPrimary: TestShard.Alias(101), waitReplicasTimeout: TimeSpan.FromSeconds(5));
        Assert.Equal(101u, result.PromotedPrimary.Uid);
        Assert.Contains(result.Events, e => e.Contains("catching up", StringComparison.Ordinal));
        Assert.Equal([1, 2], (await shard.IdsAsync(101, "w")).Order());
        Assert.Null((await shard.ExecuteAsync(101, "insert into w (id) values (3)", TopoTabletType.Primary)).Error);
        await TestShard.EventuallyAsync(async () => (await shard.IdsAsync(102, "w")).SetEquals([1, 2, 3]), "102 replicates from 101");

        var refused = await Assert.ThrowsAsync<CtldException>(() => admin.EmergencyReparentShardAsync(TestShard.Keyspace, "0", newPrimary: TestShard.Alias(101)));
        Assert.Contains("is the primary being replaced", refused.Message, StringComparison.Ordinal);
    }
}
