using Tessera.Ctld.Admin;
using Tessera.Rpc.TabletManager;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Ctld.Tests.Reparent;

// PlannedReparentShard against real tablets over real MariaDB, with a writer running throughout.
public class PlannedReparentTests
{
    [Fact]
    public async Task PlannedReparent_WhileAWriterInserts_LosesNoAcknowledgedRow_AndTheOldPrimaryReplicatesFromTheNewOne()
    {
        await using var shard = await TestShard.StartAsync(null, 100, 101, 102);
        var admin = shard.Admin;
        await admin.InitShardPrimaryAsync(TestShard.Keyspace, "0", TestShard.Alias(100));
        await shard.Manager(100).ApplySchemaAsync(new ApplySchemaRequest { Sql = "create table w (id bigint primary key)", AllowReplication = true });

        await using var writer = new ShardWriter(shard, "w", 100);
        await writer.WaitForAcknowledgedAsync(100, 50);

        // No --new-primary: the most caught-up REPLICA (101; 102 is rdonly) is chosen.
        var result = await admin.PlannedReparentShardAsync(TestShard.Keyspace, "0");
        Assert.Equal(101u, result.PromotedPrimary.Uid);
        await writer.WaitForAcknowledgedAsync(101, 50);
        await writer.StopAsync();
        Assert.True(writer.Failures > 0, "the writer never saw the old primary refuse a write: it did not run across the switch");

        // Every acknowledged insert, on either primary, is on the new primary.
        var onNewPrimary = await shard.IdsAsync(101, "w");
        var lost = writer.Acknowledged.Where(a => !onNewPrimary.Contains(a.Id)).ToList();
        Assert.True(lost.Count == 0, $"acknowledged but missing on the new primary: {string.Join(", ", lost)}");

        // The old primary is a replica of the new one and has every row; so has the rdonly.
        Assert.Equal(101u, (await admin.GetShardAsync(TestShard.Keyspace, "0")).Shard.PrimaryAlias?.Uid);
        Assert.Equal(TopoTabletType.Replica, (await admin.GetTabletAsync(TestShard.Alias(100))).Tablet.Type);
        Assert.Equal(TopoTabletType.Primary, (await admin.GetTabletAsync(TestShard.Alias(101))).Tablet.Type);
        foreach (var uid in new uint[] { 100, 102 })
            await TestShard.EventuallyAsync(async () => (await shard.IdsAsync(uid, "w")).SetEquals(onNewPrimary), $"tablet {uid} has the new primary's rows");
        var oldPrimary = await shard.Manager(100).ReplicationStatusAsync(new ReplicationStatusRequest());
        Assert.True(oldPrimary.IoRunning && oldPrimary.SqlRunning, oldPrimary.LastError);
        Assert.NotNull((await shard.ExecuteAsync(100, "insert into w (id) values (-1)", TopoTabletType.Primary)).Error);

        // --avoid-primary moves it back to the only other REPLICA, which was the old primary.
        var back = await admin.PlannedReparentShardAsync(TestShard.Keyspace, "0", avoidPrimary: TestShard.Alias(101));
        Assert.Equal(100u, back.PromotedPrimary.Uid);
        Assert.Null((await shard.ExecuteAsync(100, "insert into w (id) values (1000000)", TopoTabletType.Primary)).Error);
        await TestShard.EventuallyAsync(async () => (await shard.IdsAsync(101, "w")).Contains(1000000), "101 replicates from 100 again");

        // Retrying is harmless: the asked-for primary is already it; avoiding a non-primary is a no-op.
        var again = await admin.PlannedReparentShardAsync(TestShard.Keyspace, "0", newPrimary: TestShard.Alias(100));
        Assert.Contains(again.Events, e => e.Contains("already the primary", StringComparison.Ordinal));
        var avoidOther = await admin.PlannedReparentShardAsync(TestShard.Keyspace, "0", avoidPrimary: TestShard.Alias(102));
        Assert.Equal(100u, avoidOther.PromotedPrimary.Uid);
    }

    [Fact]
    public async Task PlannedReparent_ToATabletThatCannotCatchUp_FailsAndTheOldPrimaryKeepsTakingWrites()
    {
        await using var shard = await TestShard.StartAsync(null, 100, 101);
        var admin = shard.Admin;
        await admin.InitShardPrimaryAsync(TestShard.Keyspace, "0", TestShard.Alias(100));
        await shard.Manager(100).ApplySchemaAsync(new ApplySchemaRequest { Sql = "create table w (id bigint primary key)", AllowReplication = true });
        await shard.Manager(101).StopReplicationAsync(new StopReplicationRequest());
        Assert.Null((await shard.ExecuteAsync(100, "insert into w (id) values (1)", TopoTabletType.Primary)).Error);

        var failed = await Assert.ThrowsAsync<CtldException>(() =>
            admin.PlannedReparentShardAsync(TestShard.Keyspace, "0", newPrimary: TestShard.Alias(101), waitReplicasTimeout: TimeSpan.FromSeconds(1)));
        Assert.Contains("zone1-0000000101 did not reach position", failed.Message, StringComparison.Ordinal);
        Assert.Equal(100u, (await admin.GetShardAsync(TestShard.Keyspace, "0")).Shard.PrimaryAlias?.Uid);
        Assert.Null((await shard.ExecuteAsync(100, "insert into w (id) values (2)", TopoTabletType.Primary)).Error);

        // Once it replicates again, the same request succeeds with both rows on the new primary.
        await shard.Manager(101).StartReplicationAsync(new StartReplicationRequest());
        var done = await admin.PlannedReparentShardAsync(TestShard.Keyspace, "0", newPrimary: TestShard.Alias(101));
        Assert.Equal(101u, done.PromotedPrimary.Uid);
        Assert.Equal([1, 2], (await shard.IdsAsync(101, "w")).Order());
    }

    [Fact]
    public async Task PlannedReparent_FailingAfterTheDemotion_UndoesIt_AndTheOldPrimaryTakesWritesAgain()
    {
        await using var shard = await TestShard.StartAsync(null, 100, 101);
        var admin = shard.Admin;
        await admin.InitShardPrimaryAsync(TestShard.Keyspace, "0", TestShard.Alias(100));
        await shard.Manager(100).ApplySchemaAsync(new ApplySchemaRequest { Sql = "create table w (id bigint primary key)", AllowReplication = true });

        // The candidate's MariaDB dies once the primary is read-only: it can never reach the
        // demotion position, so the reparent must give the primary back its writes.
        var demotedWasReadOnly = false;
        admin.ReparentStepHook = async (step, _) =>
        {
            if (step != "demoted")
                return;
            demotedWasReadOnly = (await shard.ExecuteAsync(100, "insert into w (id) values (-1)", TopoTabletType.Primary)).Error is not null;
            shard.KillMysql(101);
        };
        var failed = await Assert.ThrowsAsync<CtldException>(() =>
            admin.PlannedReparentShardAsync(TestShard.Keyspace, "0", waitReplicasTimeout: TimeSpan.FromSeconds(2)));
        Assert.True(demotedWasReadOnly, "the primary still acknowledged a write after the demotion");
        Assert.Contains("the demotion was undone and zone1-0000000100 is still the primary", failed.Message, StringComparison.Ordinal);
        Assert.Equal(100u, (await admin.GetShardAsync(TestShard.Keyspace, "0")).Shard.PrimaryAlias?.Uid);
        Assert.Equal(TopoTabletType.Primary, (await admin.GetTabletAsync(TestShard.Alias(100))).Tablet.Type);
        Assert.Null((await shard.ExecuteAsync(100, "insert into w (id) values (1)", TopoTabletType.Primary)).Error);
    }
}
