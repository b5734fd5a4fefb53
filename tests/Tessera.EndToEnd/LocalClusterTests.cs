using System.Diagnostics;
using System.Globalization;
using MySqlConnector;
using Tessera.Testing;

namespace Tessera.EndToEnd;

// `tessera local up|status|down` from the real, built tessera (the way a user runs it): the
// whole 101 cluster on free ports under a temp data root, the seeds through the gate with
// MySqlConnector and the mariadb CLI, and at the end no process of ours left.
public sealed class LocalClusterTests : IAsyncLifetime
{
    private static readonly uint[] Uids = [100, 101, 102];
    private readonly TestDataRoot _root = new();
    private readonly int _gatePort = FreePort.Next();
    private readonly int _ctldPort = FreePort.Next();
    private readonly int _ctldGrpcPort = FreePort.Next();
    private readonly string[] _flags;

    public LocalClusterTests()
    {
        _flags = ["--data-root", _root.Path, "--gate-mysql-port", Text(_gatePort), "--gate-web-port", Text(FreePort.Next()), "--ctld-port", Text(_ctldPort),
            "--ctld-grpc-port", Text(_ctldGrpcPort), "--tablet-port-base", Text(FreeTabletPortBase())];
    }

    private static string Text(int value) => LocalClusterProcesses.Text(value);

    private static int FreeTabletPortBase() => LocalClusterProcesses.FreeTabletPortBase(Uids);

    private List<int> RecordedPids() => LocalClusterProcesses.RecordedPids(_root.Path);

    private static bool IsAlive(int pid) => LocalClusterProcesses.IsAlive(pid);

    private Task<TesseraProcess.Result> Local(string verb) => TesseraProcess.RunAsync(["local", verb, .. _flags]);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var pids = RecordedPids();
        try
        {
            await Local("down");
        }
        finally
        {
            foreach (var pid in pids.Where(IsAlive))
            {
                try
                {
                    Process.GetProcessById(pid).Kill(entireProcessTree: true);
                }
                catch (ArgumentException)
                {
                }
            }

            _root.TrackRunning();
            await _root.DisposeAsync();
        }
    }

    private static async Task<List<string>> Column(MySqlConnection c, string sql)
    {
        var list = new List<string>();
        await using var r = await new MySqlCommand(sql, c).ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            list.Add(r.GetValue(0) is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : Convert.ToString(r.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return list;
    }

    private static async Task<TesseraProcess.Result> MariadbCli(int port, string database, string sql)
    {
        var info = new ProcessStartInfo(Tessera.Mysqlctl.MariaDbBinaries.Client) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", "127.0.0.1", "-P", Text(port), "-u", "root", "-N", "-B", database, "-e", sql }) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return new TesseraProcess.Result(p.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task LocalUp_ServesTheSeedsThroughTheGate_AndLocalDown_LeavesNothingRunning()
    {
        var up = await Local("up");
        Assert.True(up.ExitCode == 0, up.Stdout + up.Stderr);
        _root.TrackRunning();
        Assert.Contains($"mariadb -h 127.0.0.1 -P {Text(_gatePort)}", up.Stdout, StringComparison.Ordinal);
        var pids = RecordedPids();
        Assert.Equal(5, pids.Count);
        Assert.All(pids, pid => Assert.True(IsAlive(pid), $"pid {Text(pid)} should be running"));

        var again = await Local("up");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already up", again.Stdout, StringComparison.Ordinal);

        await using (var c = new MySqlConnection($"Server=127.0.0.1;Port={Text(_gatePort)};User ID=root;SslMode=None;Pooling=false"))
        {
            await c.OpenAsync();
            Assert.Contains("commerce", await Column(c, "show databases"));
            await c.ChangeDatabaseAsync("commerce");
            Assert.Equal(5, await new MySqlCommand("insert into customer(email) values('alice@domain.com'),('bob@domain.com'),('charlie@domain.com'),('dan@domain.com'),('eve@domain.com')", c).ExecuteNonQueryAsync());
            Assert.Equal(2, await new MySqlCommand("insert into product(sku, description, price) values('SKU-1001', 'Monitor', 100),('SKU-1002', 'Keyboard', 30)", c).ExecuteNonQueryAsync());
            Assert.Equal(5, await new MySqlCommand("insert into corder(customer_id, sku, price) values(1, 'SKU-1001', 100),(2, 'SKU-1002', 30),(3, 'SKU-1002', 30),(4, 'SKU-1002', 30),(5, 'SKU-1002', 30)", c).ExecuteNonQueryAsync());
            Assert.Equal(["SKU-1001", "SKU-1002"], await Column(c, "select sku from product order by sku"));
            Assert.Equal(["5"], await Column(c, "select count(*) from corder"));
        }

        // The replica got the rows by replication from the primary.
        await using (var replica = new MySqlConnection($"Server=127.0.0.1;Port={Text(_gatePort)};User ID=root;Database=commerce@replica;SslMode=None;Pooling=false"))
        {
            await replica.OpenAsync();
            List<string> skus = [];
            for (var i = 0; i < 50 && skus.Count < 2; i++)
            {
                skus = await Column(replica, "select sku from product order by sku");
                if (skus.Count < 2) await Task.Delay(100);
            }

            Assert.Equal(["SKU-1001", "SKU-1002"], skus);
        }

        var cli = await MariadbCli(_gatePort, "commerce", "show tables");
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        Assert.Equal(["corder", "customer", "product"], cli.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var status = await Local("status");
        Assert.Equal(0, status.ExitCode);
        foreach (var name in new[] { "gate", "ctld", "tablet-100", "tablet-101", "tablet-102" })
        {
            Assert.Matches($@"(?m)^{name}\s+pid \d+\s+alive", status.Stdout);
        }

        Assert.Matches(@"(?m)^ctld\s+pid \d+\s+alive\s+health: ok$", status.Stdout);
        // Health as each tablet reports it on StreamHealth.
        Assert.Matches(@"(?m)^tablet-100 .*commerce/0\s+primary\s+health: serving$", status.Stdout);
        Assert.Matches(@"(?m)^tablet-101 .*commerce/0\s+replica\s+health: serving", status.Stdout);
        Assert.Matches(@"(?m)^tablet-102 .*commerce/0\s+rdonly\s+health: serving", status.Stdout);

        // tessera ctl against the cluster's ctld: one primary, one replica, one rdonly.
        var tablets = await TesseraProcess.RunAsync("ctl", "--server", $"127.0.0.1:{Text(_ctldGrpcPort)}", "GetTablets", "--format", "awk");
        Assert.True(tablets.ExitCode == 0, tablets.Stdout + tablets.Stderr);
        Assert.Equal(
            ["zone1-0000000100 commerce 0 primary", "zone1-0000000101 commerce 0 replica", "zone1-0000000102 commerce 0 rdonly"],
            tablets.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ').Take(4))).Order(StringComparer.Ordinal));

        // The ctld console: the keyspace, its shard serving every type, each tablet with its type
        // and health, the VSchema.
        using (var http = new HttpClient())
        {
            var page = await http.GetStringAsync(new Uri($"http://127.0.0.1:{Text(_ctldPort)}/"));
            Assert.Contains("<h2>keyspace commerce</h2>", page, StringComparison.Ordinal);
            Assert.Contains("<tr><td>0</td><td>[-∞, +∞)</td><td>yes</td><td>primary, replica, rdonly</td><td>zone1-0000000100</td></tr>", page, StringComparison.Ordinal);
            foreach (var (uid, type) in new[] { (100, "primary"), (101, "replica"), (102, "rdonly") })
            {
                Assert.Matches($"<tr><td>zone1-0000000{Text(uid)}</td><td>0</td><td>{type}</td><td>[^<]*</td><td>[^<]*</td><td class=\"ok\">serving</td>", page);
            }

            Assert.Contains("&quot;product&quot;", page, StringComparison.Ordinal);

            // A tablet killed outright keeps its topo record; the console says it does not answer,
            // status says it is dead, and down still stops the rest (and its MariaDB).
            var tablet102 = int.Parse(File.ReadAllText(Path.Combine(_root.Path, "pids", "tablet-102.pid")).Trim(), CultureInfo.InvariantCulture);
            using (var killed = Process.GetProcessById(tablet102))
            {
                killed.Kill();
                await killed.WaitForExitAsync();
            }

            page = await http.GetStringAsync(new Uri($"http://127.0.0.1:{Text(_ctldPort)}/"));
            Assert.Matches("<tr><td>zone1-0000000102</td><td>0</td><td>rdonly</td><td>[^<]*</td><td>[^<]*</td><td class=\"bad\">unreachable: [^<]+</td>", page);
            Assert.Matches("<tr><td>zone1-0000000101</td><td>0</td><td>replica</td><td>[^<]*</td><td>[^<]*</td><td class=\"ok\">serving</td>", page);
        }

        var afterKill = await Local("status");
        Assert.Matches(@"(?m)^tablet-102\s+pid \d+\s+dead\s+commerce/0\s+rdonly$", afterKill.Stdout);
        Assert.Matches(@"(?m)^mariadb-102\s+pid \d+\s+alive", afterKill.Stdout);

        var down = await Local("down");
        Assert.True(down.ExitCode == 0, down.Stdout + down.Stderr);
        Assert.All(pids, pid => Assert.False(IsAlive(pid), $"pid {Text(pid)} should have stopped"));
        Assert.Empty(_root.RunningServers());

        var downAgain = await Local("down");
        Assert.Equal(0, downAgain.ExitCode);
        Assert.Equal(3, (await Local("status")).ExitCode);
    }
}
