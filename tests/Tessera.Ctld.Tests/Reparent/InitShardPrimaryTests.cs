using Tessera.Ctld.Admin;
using Tessera.Rpc.TabletManager;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Ctld.Tests.Reparent;

// InitShardPrimary and ChangeTabletType against real tablets over real MariaDB.
public class InitShardPrimaryTests
{
    [Fact]
    public async Task InitShardPrimary_MakesThePrimary_PointsTheOthersAtIt_RefusesAnotherWithoutForce_AndRetriesSafely()
    {
        await using var shard = await TestShard.StartAsync(null, 100, 101, 102);
        var admin = shard.Admin;

        var result = await admin.InitShardPrimaryAsync(TestShard.Keyspace, "0", TestShard.Alias(100));
        Assert.Equal(100u, result.PromotedPrimary.Uid);
        var record = await admin.GetShardAsync(TestShard.Keyspace, "0");
        Assert.Equal(100u, record.Shard.PrimaryAlias?.Uid);
        Assert.NotNull(record.Shard.PrimaryTermStartTime);
        Assert.Equal(TopoTabletType.Primary, (await admin.GetTabletAsync(TestShard.Alias(100))).Tablet.Type);
        Assert.Equal(TopoTabletType.Replica, (await admin.GetTabletAsync(TestShard.Alias(101))).Tablet.Type);
        Assert.Equal(TopoTabletType.Rdonly, (await admin.GetTabletAsync(TestShard.Alias(102))).Tablet.Type);

        // A write on the primary reaches both others through replication.
        await shard.Manager(100).ApplySchemaAsync(new ApplySchemaRequest { Sql = "create table t (id bigint primary key)", AllowReplication = true });
        var insert = await shard.ExecuteAsync(100, "insert into t (id) values (1), (2)", TopoTabletType.Primary);
        Assert.Null(insert.Error);
        foreach (var uid in new uint[] { 101, 102 })
            await TestShard.EventuallyAsync(async () => (await shard.IdsAsync(uid, "t")).SetEquals([1, 2]), $"tablet {uid} has the rows");
        var status = await shard.Manager(101).ReplicationStatusAsync(new ReplicationStatusRequest());
        Assert.True(status.IoRunning && status.SqlRunning, status.LastError);

        // Another primary is refused without --force, and nothing changes.
        var refused = await Assert.ThrowsAsync<CtldException>(() => admin.InitShardPrimaryAsync(TestShard.Keyspace, "0", TestShard.Alias(101)));
        Assert.Contains("already has primary zone1-0000000100", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Message, StringComparison.Ordinal);
        Assert.Equal(100u, (await admin.GetShardAsync(TestShard.Keyspace, "0")).Shard.PrimaryAlias?.Uid);

        // A tablet of another shard, or none at all, is named.
        var notInShard = await Assert.ThrowsAsync<CtldException>(() => admin.InitShardPrimaryAsync(TestShard.Keyspace, "0", "zone1-0000000999"));
        Assert.Contains("zone1-0000000999 is not a tablet of shard commerce/0", notInShard.Message, StringComparison.Ordinal);

        // The same call again: replicas already following the primary are left alone, no row is
        // skipped or replayed, and replication keeps running.
        await shard.ExecuteAsync(100, "insert into t (id) values (3)", TopoTabletType.Primary);
        var again = await admin.InitShardPrimaryAsync(TestShard.Keyspace, "0", TestShard.Alias(100));
        Assert.Contains(again.Events, e => e.Contains("zone1-0000000101 already replicates from zone1-0000000100", StringComparison.Ordinal));
        await shard.ExecuteAsync(100, "insert into t (id) values (4)", TopoTabletType.Primary);
        foreach (var uid in new uint[] { 101, 102 })
            await TestShard.EventuallyAsync(async () => (await shard.IdsAsync(uid, "t")).SetEquals([1, 2, 3, 4]), $"tablet {uid} has rows 1-4");

        // ChangeTabletType: rdonly <-> replica through the tablet; PRIMARY on either side refused.
        var (before, after) = await admin.ChangeTabletTypeAsync(TestShard.Alias(102), "replica");
        Assert.Equal((TopoTabletType.Rdonly, TopoTabletType.Replica), (before.Type, after.Type));
        Assert.Equal(TopoTabletType.Replica, (await admin.GetTabletAsync(TestShard.Alias(102))).Tablet.Type);
        var dry = await admin.ChangeTabletTypeAsync(TestShard.Alias(102), "drained", dryRun: true);
        Assert.Equal(TopoTabletType.Drained, dry.After.Type);
        Assert.Equal(TopoTabletType.Replica, (await admin.GetTabletAsync(TestShard.Alias(102))).Tablet.Type);
        var toPrimary = await Assert.ThrowsAsync<CtldException>(() => admin.ChangeTabletTypeAsync(TestShard.Alias(101), "primary"));
        Assert.Contains("PlannedReparentShard", toPrimary.Message, StringComparison.Ordinal);
        var fromPrimary = await Assert.ThrowsAsync<CtldException>(() => admin.ChangeTabletTypeAsync(TestShard.Alias(100), "rdonly"));
        Assert.Contains("is the PRIMARY of commerce/0", fromPrimary.Message, StringComparison.Ordinal);
    }
}
