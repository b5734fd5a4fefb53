using System.Globalization;
using MySqlConnector;
using Tessera.Mysqlctl;
using Tessera.Testing;
using static Tessera.EndToEnd.LocalClusterProcesses;

namespace Tessera.EndToEnd;

// examples/local run as a user runs them, in order (101, 301, 302, 303, 401), with bash, on
// private ports and a temp data root (through the TESSERA_* variables the scripts and `tessera
// local` read): the seeds' per-shard contents after 303 — read on each shard's primary MariaDB,
// not only through the gate — a second run of every script changing nothing, tablet-down/up of
// one tablet, `local down` + `local up` bringing the sharded cluster back, and after 401 no
// process of the cluster left.
public sealed class LocalExampleScriptsTests : IAsyncLifetime
{
    private static readonly uint[] Uids = [100, 101, 102, 300, 301, 302, 400, 401, 402];
    private readonly TestDataRoot _root = new();
    private readonly int _gatePort = FreePort.Next();
    private readonly int _ctldPort = FreePort.Next();
    private readonly Dictionary<string, string> _env;
    private readonly string _examples = ExamplesDirectory();
    private readonly HashSet<int> _seenPids = [];

    public LocalExampleScriptsTests()
    {
        // The scripts run ../../tessera (which builds the repository on first use); here they run
        // the tessera this test was built with.
        var wrapper = Path.Combine(_root.Path, "tessera");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "tessera.dll")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _env = new Dictionary<string, string>
        {
            ["TESSERA"] = wrapper,
            ["TESSERA_DATAROOT"] = _root.Path,
            ["TESSERA_GATE_MYSQL_PORT"] = Text(_gatePort),
            ["TESSERA_GATE_WEB_PORT"] = Text(FreePort.Next()),
            ["TESSERA_CTLD_PORT"] = Text(_ctldPort),
            ["TESSERA_CTLD_GRPC_PORT"] = Text(FreePort.Next()),
            ["TESSERA_TABLET_PORT_BASE"] = Text(FreeTabletPortBase(Uids)),
        };
    }

    private static string ExamplesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "local");
            if (File.Exists(Path.Combine(candidate, "101_initial_cluster.sh"))) return candidate;
        }

        throw new InvalidOperationException($"examples/local not found above {AppContext.BaseDirectory}");
    }

    private async Task<TesseraProcess.Result> Script(string name)
    {
        var result = await RunAsync("bash", [Path.Combine(_examples, name)], _env, TimeSpan.FromMinutes(6));
        _seenPids.UnionWith(RecordedPids(_root.Path));
        _root.TrackRunning();
        return result;
    }

    private Task<TesseraProcess.Result> Tessera(params string[] args) => RunAsync(_env["TESSERA"], args, _env, TimeSpan.FromMinutes(3));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _seenPids.UnionWith(RecordedPids(_root.Path));
        try
        {
            if (ProcessesUnder(_root.Path).Count > 0) await Tessera("local", "down");
        }
        finally
        {
            KillLeftovers(_root.Path, _seenPids);
            _root.TrackRunning();
            await _root.DisposeAsync();
        }
    }

    // Rows of `select <columns> from <table> order by 1` on one tablet's own MariaDB (as vt_dba
    // over its socket), so the test sees where the rows physically are.
    private async Task<List<string>> OnTablet(uint uid, string sql)
    {
        var socket = Mysqld.ForTablet(uid, _root.Path).Mycnf.SocketFile;
        await using var c = new MySqlConnection($"Server={socket};Protocol=Unix;User ID=vt_dba;Database=vt_customer;Pooling=false");
        await c.OpenAsync();
        return await Rows(c, sql);
    }

    private async Task<List<string>> ThroughGate(string database, string sql)
    {
        await using var c = new MySqlConnection($"Server=127.0.0.1;Port={Text(_gatePort)};User ID=root;Database={database};SslMode=None;Pooling=false");
        await c.OpenAsync();
        return await Rows(c, sql);
    }

    private static async Task<List<string>> Rows(MySqlConnection c, string sql)
    {
        var rows = new List<string>();
        await using var r = await new MySqlCommand(sql, c).ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add(string.Join(" ", Enumerable.Range(0, r.FieldCount).Select(i => r.GetValue(i) is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    private static readonly string[] MinusEightyCustomers = ["1 alice@domain.com", "2 bob@domain.com", "3 charlie@domain.com", "5 eve@domain.com"];
    private static readonly string[] MinusEightyOrders = ["1 1 SKU-1001 100", "2 2 SKU-1002 30", "3 3 SKU-1002 30", "5 5 SKU-1002 30"];
    private static readonly string[] EightyCustomers = ["4 dan@domain.com"];
    private static readonly string[] EightyOrders = ["4 4 SKU-1002 30"];

    private async Task AssertSeedsPerShardAsync()
    {
        const string customers = "select customer_id, email from customer order by customer_id";
        const string orders = "select order_id, customer_id, sku, price from corder order by order_id";
        // On each shard's primary, and on its replica (by replication).
        foreach (var uid in new uint[] { 300, 301 })
        {
            Assert.Equal(MinusEightyCustomers, await Eventually(() => OnTablet(uid, customers), MinusEightyCustomers.Length));
            Assert.Equal(MinusEightyOrders, await Eventually(() => OnTablet(uid, orders), MinusEightyOrders.Length));
        }

        foreach (var uid in new uint[] { 400, 401 })
        {
            Assert.Equal(EightyCustomers, await Eventually(() => OnTablet(uid, customers), EightyCustomers.Length));
            Assert.Equal(EightyOrders, await Eventually(() => OnTablet(uid, orders), EightyOrders.Length));
        }

        // Through the gate, targeted at one shard as `use customer/-80` does.
        Assert.Equal(MinusEightyCustomers, await ThroughGate("customer/-80", customers));
        Assert.Equal(EightyOrders, await ThroughGate("customer/80-", orders));
        Assert.Equal(["5"], await ThroughGate("customer", "select count(*) from customer"));
    }

    // A replica applies the primary's rows a moment later.
    private static async Task<List<string>> Eventually(Func<Task<List<string>>> read, int count)
    {
        var rows = await read();
        for (var i = 0; i < 50 && rows.Count < count; i++)
        {
            await Task.Delay(100);
            rows = await read();
        }

        return rows;
    }

    [Fact]
    public async Task ShardedScripts_GiveTheSeedsPerShardContents_AndTeardownLeavesNothingRunning()
    {
        var s101 = await Script("101_initial_cluster.sh");
        Assert.True(s101.ExitCode == 0, Describe(s101));
        Assert.Contains("SKU-1002", s101.Stdout, StringComparison.Ordinal);

        var s301 = await Script("301_customer_sharded.sh");
        Assert.True(s301.ExitCode == 0, Describe(s301));

        var s302 = await Script("302_new_shards.sh");
        Assert.True(s302.ExitCode == 0, Describe(s302));
        // The new shards are empty, as the seeds show them after 302.
        Assert.Contains("Using customer/-80\nCustomer\nCOrder\nUsing customer/80-\nCustomer\nCOrder", s302.Stdout.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var s303 = await Script("303_insert_customer_data.sh");
        Assert.True(s303.ExitCode == 0, Describe(s303));
        var split = s303.Stdout.IndexOf("Using customer/80-", StringComparison.Ordinal);
        Assert.True(split > 0, Describe(s303));
        var (minus80, eighty) = (s303.Stdout[..split], s303.Stdout[split..]);
        foreach (var email in new[] { "alice", "bob", "charlie", "eve" })
        {
            Assert.Contains(email + "@domain.com", minus80, StringComparison.Ordinal);
            Assert.DoesNotContain(email + "@domain.com", eighty, StringComparison.Ordinal);
        }

        Assert.Contains("| dan@domain.com |", eighty, StringComparison.Ordinal);
        Assert.DoesNotContain("dan@domain.com", minus80, StringComparison.Ordinal);
        await AssertSeedsPerShardAsync();

        // A second run of each script changes nothing.
        foreach (var name in new[] { "101_initial_cluster.sh", "301_customer_sharded.sh", "302_new_shards.sh", "303_insert_customer_data.sh" })
        {
            var again = await Script(name);
            Assert.True(again.ExitCode == 0, name + " (second run): " + Describe(again));
        }

        await AssertSeedsPerShardAsync();
        Assert.Equal(["1000 100"], await ThroughGate("commerce", "select next_id, cache from customer_seq"));

        // status and the ctld console show every tablet with its shard, type and health.
        var status = await Tessera("local", "status");
        Assert.True(status.ExitCode == 0, Describe(status));
        foreach (var (uid, shard, type) in new[] { (300, "-80", "primary"), (301, "-80", "replica"), (302, "-80", "rdonly"), (400, "80-", "primary"), (401, "80-", "replica"), (402, "80-", "rdonly") })
        {
            // The record says what tablet-up started it as; the health says what it is now.
            Assert.Matches($@"(?m)^tablet-{Text(uid)}\s+pid \d+\s+alive\s+customer/{shard}\s+\w+\s+health: serving", status.Stdout);
            Assert.Matches($@"(?m)^mariadb-{Text(uid)}\s+pid \d+\s+alive", status.Stdout);
            if (type == "primary") Assert.Matches($@"(?m)^tablet-{Text(uid)} .*health: serving \(now primary\)$", status.Stdout);
        }

        using (var http = new HttpClient())
        {
            var page = await http.GetStringAsync(new Uri($"http://127.0.0.1:{Text(_ctldPort)}/"));
            Assert.Contains("<h2>keyspace customer</h2>", page, StringComparison.Ordinal);
            Assert.Contains("<tr><td>-80</td><td>[-∞, 80)</td><td>yes</td><td>primary, replica, rdonly</td><td>zone1-0000000300</td></tr>", page, StringComparison.Ordinal);
            Assert.Contains("<tr><td>80-</td><td>[80, +∞)</td><td>yes</td><td>primary, replica, rdonly</td><td>zone1-0000000400</td></tr>", page, StringComparison.Ordinal);
            foreach (var (uid, shard, type) in new[] { (300, "-80", "primary"), (301, "-80", "replica"), (302, "-80", "rdonly"), (400, "80-", "primary"), (401, "80-", "replica"), (402, "80-", "rdonly") })
            {
                Assert.Matches($"<tr><td>zone1-0000000{Text(uid)}</td><td>{shard}</td><td>{type}</td><td>[^<]*</td><td>[^<]*</td><td class=\"ok\">serving</td>", page);
            }

            Assert.Contains("&quot;sequence&quot;: &quot;customer_seq&quot;", page, StringComparison.Ordinal);
        }

        // tablet-down stops that tablet and its MariaDB only; tablet-up brings it back.
        var before = RecordedPids(_root.Path);
        var tablet402 = before.Single(pid => File.ReadAllText(Path.Combine(_root.Path, "pids", "tablet-402.pid")).Trim() == Text(pid));
        var down402 = await Tessera("local", "tablet-down", "--uid", "402");
        Assert.True(down402.ExitCode == 0, Describe(down402));
        Assert.False(IsAlive(tablet402));
        Assert.Null(Mysqld.ForTablet(402, _root.Path).ProcessId);
        Assert.All(before.Where(p => p != tablet402), pid => Assert.True(IsAlive(pid), $"pid {Text(pid)} should still run"));
        Assert.Equal(8, _root.RunningServers().Count);
        Assert.Equal(0, (await Tessera("local", "tablet-down", "--uid", "402")).ExitCode);
        var up402 = await Tessera("local", "tablet-up", "--keyspace", "customer", "--shard", "80-", "--uid", "402", "--type", "rdonly");
        Assert.True(up402.ExitCode == 0, Describe(up402));
        _seenPids.UnionWith(RecordedPids(_root.Path));
        _root.TrackRunning();
        Assert.Equal(9, _root.RunningServers().Count);

        // down stops all eleven; up starts every tablet again, each shard's primary as primary.
        var down = await Tessera("local", "down");
        Assert.True(down.ExitCode == 0, Describe(down));
        Assert.Empty(ProcessesUnder(_root.Path));
        var up = await Tessera("local", "up");
        _seenPids.UnionWith(RecordedPids(_root.Path));
        _root.TrackRunning();
        Assert.True(up.ExitCode == 0, Describe(up));
        Assert.Equal(9, _root.RunningServers().Count);
        await AssertSeedsPerShardAsync();

        // 401: everything stops, nothing of this cluster is left.
        var pids = RecordedPids(_root.Path);
        Assert.Equal(11, pids.Count);
        var s401 = await Script("401_teardown.sh");
        Assert.True(s401.ExitCode == 0, Describe(s401));
        Assert.All(pids, pid => Assert.False(IsAlive(pid), $"pid {Text(pid)} should have stopped"));
        Assert.Empty(_root.RunningServers());
        Assert.Empty(ProcessesUnder(_root.Path));
    }
}
