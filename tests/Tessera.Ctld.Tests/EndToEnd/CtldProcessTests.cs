using System.Text.Json;
using Tessera.Ctld.Tests.Admin;
using Tessera.Topo;
using Tessera.Topo.Records;

namespace Tessera.Ctld.Tests.EndToEnd;

// Inside the namespace, so it wins over the Tessera.Tablet namespace.
using Tablet = Tessera.Topo.Records.Tablet;

// `tessera ctld` and `tessera ctl` as real processes, as the seeds' scripts drive vtctld.
public class CtldProcessTests
{
    [Fact]
    public async Task CtlAgainstCtld_CreatesTheSeedsKeyspacesShardsAndVSchemas_AndRefusesABadVSchemaInOneLine()
    {
        await using var ctld = await CtldProcess.StartAsync();

        var commerce = await ctld.CtlAsync("CreateKeyspace", "commerce");
        Assert.Equal((0, ""), (commerce.ExitCode, commerce.Stderr));
        Assert.Equal("commerce", JsonDocument.Parse(commerce.Stdout).RootElement.GetProperty("name").GetString());
        Assert.Equal(0, (await ctld.CtlAsync("CreateShard", "commerce/0")).ExitCode);
        Assert.Equal(0, (await ctld.CtlAsync("CreateKeyspace", "customer")).ExitCode);
        foreach (var shard in new[] { "customer/-80", "customer/80-" })
        {
            var created = await ctld.CtlAsync("CreateShard", shard);
            Assert.Equal((0, ""), (created.ExitCode, created.Stderr));
        }

        var vschemaFile = Path.Combine(ctld.Root, "vschema_customer_sharded.json");
        await File.WriteAllTextAsync(vschemaFile, CtldFixture.CustomerVSchema);
        var applyCommerce = await ctld.CtlAsync("ApplyVSchema", "commerce", "--vschema", CtldFixture.CommerceVSchema);
        Assert.Equal((0, ""), (applyCommerce.ExitCode, applyCommerce.Stderr));
        // The seeds' scripts spell it --vschema_file; both spellings work.
        var applyCustomer = await ctld.CtlAsync("ApplyVSchema", "customer", "--vschema_file", vschemaFile);
        Assert.Equal((0, ""), (applyCustomer.ExitCode, applyCustomer.Stderr));

        // GetVSchema gives back what was applied.
        var get = await ctld.CtlAsync("GetVSchema", "customer");
        Assert.Equal(0, get.ExitCode);
        Assert.True(JsonElement.DeepEquals(
            JsonDocument.Parse(CtldFixture.CustomerVSchema).RootElement, JsonDocument.Parse(get.Stdout).RootElement),
            $"GetVSchema returned {get.Stdout}");

        var dry = await ctld.CtlAsync("ApplyVSchema", "customer", "--dry-run", "--vschema-file", vschemaFile);
        Assert.Equal((0, ""), (dry.ExitCode, dry.Stderr));

        // A bad VSchema: one line on stderr naming the problem, non-zero exit, nothing changed.
        var bad = await ctld.CtlAsync("ApplyVSchema", "customer", "--vschema",
            """{"sharded": true, "vindexes": {"hash": {"type": "hashx"}}, "tables": {"customer": {"column_vindexes": [{"column": "customer_id", "name": "hash"}]}}}""");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Equal("", bad.Stdout);
        var line = Assert.Single(bad.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("tessera ctl ApplyVSchema: ", line, StringComparison.Ordinal);
        Assert.Contains("unknown vindex type 'hashx'", line, StringComparison.Ordinal);
        Assert.Equal(get.Stdout, (await ctld.CtlAsync("GetVSchema", "customer")).Stdout);

        var keyspaces = await ctld.CtlAsync("GetKeyspaces");
        Assert.Equal(0, keyspaces.ExitCode);
        Assert.Equal(["commerce", "customer"],
            JsonDocument.Parse(keyspaces.Stdout).RootElement.EnumerateArray().Select(k => k.GetProperty("name").GetString()));

        // The serving VSchema every gate watches has both keyspaces, and the console shows them.
        var srv = await ctld.CtlAsync("GetSrvVSchema", "zone1");
        Assert.Equal(["commerce", "customer"],
            JsonDocument.Parse(srv.Stdout).RootElement.GetProperty("keyspaces").EnumerateObject().Select(k => k.Name));
        var page = await ctld.GetHttpAsync("/");
        Assert.Contains("<td>-80</td><td>[-∞, 80)</td><td>yes</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctl_Errors_AreOneLineWithNonZeroExit_ForUnknownKeyspaceAndUnreachableServer()
    {
        await using var ctld = await CtldProcess.StartAsync();

        var missing = await ctld.CtlAsync("GetKeyspace", "nope");
        Assert.Equal((1, "", "tessera ctl GetKeyspace: keyspace 'nope' not found\n"), (missing.ExitCode, missing.Stdout, missing.Stderr));

        var cells = await ctld.CtlAsync("GetCellInfoNames");
        Assert.Equal((0, "zone1\n"), (cells.ExitCode, cells.Stdout));

        var tablets = await ctld.CtlAsync("GetTablets", "--format", "awk");
        Assert.Equal((0, "", ""), (tablets.ExitCode, tablets.Stdout, tablets.Stderr));

        await ctld.DisposeAsync();
        var unreachable = await ctld.CtlAsync("GetKeyspaces");
        Assert.Equal(1, unreachable.ExitCode);
        Assert.StartsWith($"tessera ctl GetKeyspaces: cannot reach ctld at localhost:{ctld.GrpcPort}", unreachable.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTablets_ListsTabletsRecordedByAnotherProcess_AsJsonAndAsVtctldclientsAwkLines()
    {
        await using var ctld = await CtldProcess.StartAsync();
        Assert.Equal(0, (await ctld.CtlAsync("CreateShard", "--include-parent", "commerce/0")).ExitCode);

        // Tablets register themselves in the shared file topo, as a tablet process does.
        await using (var backend = TopoBackendFactory.Open(TopoBackendFactory.File, "", Path.Combine(ctld.Root, "topo")))
        {
            var topo = new TopoServer(backend, "zone1");
            foreach (var (uid, type) in new[] { (100u, TabletType.Primary), (101u, TabletType.Replica), (102u, TabletType.Rdonly) })
            {
                await topo.CreateTabletAsync(new Tablet
                {
                    Alias = new TabletAlias("zone1", uid),
                    Keyspace = "commerce",
                    Shard = "0",
                    Type = type,
                    Hostname = "localhost",
                    PortMap = new Dictionary<string, int> { ["grpc"] = 16000 + (int)uid },
                    MysqlHostname = "localhost",
                    MysqlPort = 17000 + (int)uid,
                });
            }
        }

        var awk = await ctld.CtlAsync("GetTablets", "--keyspace", "commerce", "--format", "awk");
        Assert.Equal((0, ""), (awk.ExitCode, awk.Stderr));
        Assert.Equal(
            [
                "zone1-0000000100 commerce 0 primary localhost:16100 localhost:17100 [] <null>",
                "zone1-0000000101 commerce 0 replica localhost:16101 localhost:17101 [] <null>",
                "zone1-0000000102 commerce 0 rdonly localhost:16102 localhost:17102 [] <null>",
            ],
            awk.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var replicas = await ctld.CtlAsync("GetTablets", "--keyspace", "commerce", "--shard", "0", "--tablet-type", "replica");
        var replica = Assert.Single(JsonDocument.Parse(replicas.Stdout).RootElement.EnumerateArray());
        Assert.Equal("REPLICA", replica.GetProperty("type").GetString());
        Assert.Equal(101u, replica.GetProperty("alias").GetProperty("uid").GetUInt32());

        var one = await ctld.CtlAsync("GetTablet", "zone1-0000000102");
        Assert.Equal("RDONLY", JsonDocument.Parse(one.Stdout).RootElement.GetProperty("type").GetString());

        var badType = await ctld.CtlAsync("GetTablets", "--tablet-type", "primery");
        Assert.Equal(1, badType.ExitCode);
        Assert.Contains("unknown tablet type 'primery'", badType.Stderr, StringComparison.Ordinal);

        var page = await ctld.GetHttpAsync("/");
        Assert.Contains("<td>zone1-0000000100</td><td>0</td><td>primary</td>", page, StringComparison.Ordinal);
    }
}
