using System.Text.Json;
using Tessera.Ctld.Tests.EndToEnd;
using Tessera.Rpc.TabletManager;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Ctld.Tests.Reparent;

// ApplySchema, GetSchema, CopySchemaShard and Validate through `tessera ctl` and a ctld process,
// on two shards of real tablets.
public class CtlSchemaTests
{
    private const string Tables = """
        create table customer (customer_id bigint not null, email varchar(128), primary key (customer_id));
        -- the seeds' order table; a ';' inside a comment or 'a string;' does not split
        create table corder (order_id bigint not null, customer_id bigint, sku varbinary(128) default 'a;b', primary key (order_id));
        """;

    [Fact]
    public async Task CtlApplySchema_ReachesEveryShardAndItsReplicas_ReportsEachFailedShardOnItsOwnLine_AndValidateSeesBrokenReplication()
    {
        await using var ctld = await CtldProcess.StartAsync();
        await using var shard = await TestShard.StartAsync(
            [(100u, "-80", TopoTabletType.Replica), (101u, "-80", TopoTabletType.Replica), (200u, "80-", TopoTabletType.Replica)], Path.Combine(ctld.Root, "topo"));
        Assert.Equal(0, (await ctld.CtlAsync("InitShardPrimary", "commerce/-80", TestShard.Alias(100))).ExitCode);
        Assert.Equal(0, (await ctld.CtlAsync("InitShardPrimary", "commerce/80-", TestShard.Alias(200))).ExitCode);

        var apply = await ctld.CtlAsync("ApplySchema", "--sql", Tables, "commerce");
        Assert.Equal((0, ""), (apply.ExitCode, apply.Stderr));
        Assert.Equal(["-80", "80-"], JsonDocument.Parse(apply.Stdout).RootElement.EnumerateArray().Select(r => r.GetProperty("shard").GetString()).Order());
        // The DDL was binlogged: the replica of -80 has the tables too.
        await TestShard.EventuallyAsync(async () => (await shard.DbaAsync(101, "show tables")).Count == 2, "the replica has both tables");

        var schema = await ctld.CtlAsync("GetSchema", TestShard.Alias(101));
        Assert.Equal((0, ""), (schema.ExitCode, schema.Stderr));
        var definitions = JsonDocument.Parse(schema.Stdout).RootElement.GetProperty("table_definitions").EnumerateArray().ToList();
        Assert.Equal(["corder", "customer"], definitions.Select(d => d.GetProperty("name").GetString()));
        Assert.Contains("'a;b'", definitions[0].GetProperty("schema").GetString(), StringComparison.Ordinal);
        Assert.Equal(["order_id"], definitions[0].GetProperty("primary_key_columns").EnumerateArray().Select(c => c.GetString()));
        var names = await ctld.CtlAsync("GetSchema", "--table-names-only", "--tables", "customer", TestShard.Alias(200));
        Assert.Equal((0, "customer\n"), (names.ExitCode, names.Stdout));

        // A statement that fails on one shard: that shard is reported on its own line, the other
        // one has the change, and the exit code says it failed.
        await shard.Manager(200).ApplySchemaAsync(new ApplySchemaRequest { Sql = "create table extra (id bigint primary key)", AllowReplication = true });
        var file = Path.Combine(ctld.Root, "extra.sql");
        await File.WriteAllTextAsync(file, "create table extra (id bigint primary key);\n");
        var partial = await ctld.CtlAsync("ApplySchema", "--sql-file", file, "commerce");
        Assert.Equal(1, partial.ExitCode);
        var lines = partial.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("tessera ctl ApplySchema: commerce/80- (zone1-0000000200): statement 1 of 1 (create table extra (id bigint primary key)) failed, nothing applied:", lines[0], StringComparison.Ordinal);
        Assert.Contains("already exists", lines[0], StringComparison.Ordinal);
        Assert.Equal("tessera ctl ApplySchema: failed on 1 of 2 shard(s)", lines[1]);
        Assert.Single(await shard.DbaAsync(100, "show tables like 'extra'"));

        var noSql = await ctld.CtlAsync("ApplySchema", "commerce");
        Assert.Equal((1, "tessera ctl ApplySchema: one of --sql or --sql-file is required\n"), (noSql.ExitCode, noSql.Stderr));

        // CopySchemaShard: identical tables are left alone, a missing one is created.
        await shard.Manager(100).ApplySchemaAsync(new ApplySchemaRequest { Sql = "create table only_left (id bigint primary key, note text)", AllowReplication = true });
        var copy = await ctld.CtlAsync("CopySchemaShard", "commerce/-80", "commerce/80-");
        Assert.Equal((0, ""), (copy.ExitCode, copy.Stderr));
        var copied = JsonDocument.Parse(copy.Stdout).RootElement;
        Assert.Equal(["only_left"], copied.GetProperty("created_tables").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["corder", "customer", "extra"], copied.GetProperty("existing_tables").EnumerateArray().Select(t => t.GetString()));
        Assert.Single(await shard.DbaAsync(200, "show tables like 'only_left'"));
        var again = await ctld.CtlAsync("CopySchemaShard", TestShard.Alias(101), "commerce/80-");
        Assert.Equal(0, again.ExitCode);
        Assert.Empty(JsonDocument.Parse(again.Stdout).RootElement.GetProperty("created_tables").EnumerateArray());

        // Validate: all agree; then a replica whose replication is stopped is a problem.
        var valid = await ctld.CtlAsync("Validate", "--ping-tablets");
        Assert.Equal((0, ""), (valid.ExitCode, valid.Stderr));
        await shard.Manager(101).StopReplicationAsync(new StopReplicationRequest());
        var invalid = await ctld.CtlAsync("Validate");
        Assert.Equal(1, invalid.ExitCode);
        Assert.Equal(
            [
                "tessera ctl Validate: tablet zone1-0000000101 replication from zone1-0000000100 is not running (io thread stopped, sql thread stopped)",
                "tessera ctl Validate: 1 problem(s) found",
            ],
            invalid.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
