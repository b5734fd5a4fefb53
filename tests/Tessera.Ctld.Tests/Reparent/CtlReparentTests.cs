using System.Text.Json;
using Tessera.Ctld.Tests.EndToEnd;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Ctld.Tests.Reparent;

// `tessera ctl` against a `tessera ctld` process, over tablets sharing its file topo.
public class CtlReparentTests
{
    [Fact]
    public async Task CtlInitShardPrimary_MakesThePrimary_AndRefusesASecondOneInOneLine()
    {
        await using var ctld = await CtldProcess.StartAsync();
        await using var shard = await TestShard.StartAsync(Path.Combine(ctld.Root, "topo"), 100, 101);

        var init = await ctld.CtlAsync("InitShardPrimary", "commerce/0", TestShard.Alias(100));
        Assert.Equal((0, ""), (init.ExitCode, init.Stderr));
        var json = JsonDocument.Parse(init.Stdout).RootElement;
        Assert.Equal(100u, json.GetProperty("promoted_primary").GetProperty("uid").GetUInt32());
        Assert.NotEmpty(json.GetProperty("events").EnumerateArray());

        var tablets = await ctld.CtlAsync("GetTablets", "--keyspace", "commerce", "--format", "awk");
        var lines = tablets.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("zone1-0000000100 commerce 0 primary ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("zone1-0000000101 commerce 0 replica ", lines[1], StringComparison.Ordinal);
        var shardRecord = JsonDocument.Parse((await ctld.CtlAsync("GetShard", "commerce/0")).Stdout).RootElement;
        Assert.Equal(100u, shardRecord.GetProperty("shard").GetProperty("primary_alias").GetProperty("uid").GetUInt32());

        var second = await ctld.CtlAsync("InitShardPrimary", "commerce/0", TestShard.Alias(101));
        Assert.Equal(1, second.ExitCode);
        Assert.Equal("", second.Stdout);
        var line = Assert.Single(second.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("tessera ctl InitShardPrimary: shard commerce/0 already has primary zone1-0000000100; use --force to make zone1-0000000101 the primary anyway, or PlannedReparentShard to move it", line);

        var change = await ctld.CtlAsync("ChangeTabletType", TestShard.Alias(101), "rdonly");
        Assert.Equal((0, ""), (change.ExitCode, change.Stderr));
        Assert.Equal("RDONLY", JsonDocument.Parse(change.Stdout).RootElement.GetProperty("after_tablet").GetProperty("type").GetString());
        Assert.Equal(TopoTabletType.Rdonly, (await shard.Admin.GetTabletAsync(TestShard.Alias(101))).Tablet.Type);
    }

    [Fact]
    public async Task CtlPlannedReparentShard_MovesThePrimaryWhileAWriterInserts_AndNoAcknowledgedRowIsLost()
    {
        await using var ctld = await CtldProcess.StartAsync();
        await using var shard = await TestShard.StartAsync(Path.Combine(ctld.Root, "topo"), 100, 101, 102);
        Assert.Equal(0, (await ctld.CtlAsync("InitShardPrimary", "commerce/0", TestShard.Alias(100))).ExitCode);
        await shard.Manager(100).ApplySchemaAsync(new Rpc.TabletManager.ApplySchemaRequest { Sql = "create table w (id bigint primary key)", AllowReplication = true });

        await using var writer = new ShardWriter(shard, "w", 100);
        await writer.WaitForAcknowledgedAsync(100, 30);
        var prs = await ctld.CtlAsync("PlannedReparentShard", "commerce/0", "--new-primary", TestShard.Alias(101), "--wait-replicas-timeout", "20s");
        Assert.Equal((0, ""), (prs.ExitCode, prs.Stderr));
        Assert.Equal(101u, JsonDocument.Parse(prs.Stdout).RootElement.GetProperty("promoted_primary").GetProperty("uid").GetUInt32());
        await writer.WaitForAcknowledgedAsync(101, 30);
        await writer.StopAsync();

        var onNewPrimary = await shard.IdsAsync(101, "w");
        Assert.All(writer.Acknowledged, a => Assert.Contains(a.Id, onNewPrimary));
        var tablets = (await ctld.CtlAsync("GetTablets", "--format", "awk")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["replica", "primary", "rdonly"], tablets.Select(l => l.Split(' ')[3]));

        // A bad flag value or an unknown tablet: one line, non-zero exit.
        var unknown = await ctld.CtlAsync("PlannedReparentShard", "commerce/0", "--new-primary", "zone1-0000000999");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("tessera ctl PlannedReparentShard: tablet zone1-0000000999 is not a tablet of shard commerce/0\n", unknown.Stderr);
        var badDuration = await ctld.CtlAsync("PlannedReparentShard", "commerce/0", "--wait-replicas-timeout", "soon");
        Assert.Equal(1, badDuration.ExitCode);
        Assert.Contains("'soon' is not a duration", badDuration.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CtlEmergencyReparentShard_PromotesAReplicaAfterThePrimaryDies()
    {
        await using var ctld = await CtldProcess.StartAsync();
        await using var shard = await TestShard.StartAsync(Path.Combine(ctld.Root, "topo"), 100, 101);
        Assert.Equal(0, (await ctld.CtlAsync("InitShardPrimary", "commerce/0", TestShard.Alias(100))).ExitCode);
        Assert.Equal(0, (await ctld.CtlAsync("ApplySchema", "--sql", "create table w (id bigint primary key)", "commerce")).ExitCode);
        Assert.Null((await shard.ExecuteAsync(100, "insert into w (id) values (1)", TopoTabletType.Primary)).Error);
        await TestShard.EventuallyAsync(async () => (await shard.IdsAsync(101, "w")).Contains(1), "101 has row 1");

        var alive = await ctld.CtlAsync("EmergencyReparentShard", "commerce/0");
        Assert.Equal(1, alive.ExitCode);
        Assert.Contains("is alive", alive.Stderr, StringComparison.Ordinal);

        shard.KillMysql(100);
        var ers = await ctld.CtlAsync("EmergencyReparentShard", "commerce/0", "--wait-replicas-timeout", "5s");
        Assert.Equal((0, ""), (ers.ExitCode, ers.Stderr));
        Assert.Equal(101u, JsonDocument.Parse(ers.Stdout).RootElement.GetProperty("promoted_primary").GetProperty("uid").GetUInt32());
        Assert.Null((await shard.ExecuteAsync(101, "insert into w (id) values (2)", TopoTabletType.Primary)).Error);
        Assert.Equal([1, 2], (await shard.IdsAsync(101, "w")).Order());
    }
}
