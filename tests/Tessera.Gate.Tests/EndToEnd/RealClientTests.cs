using System.Globalization;
using MySqlConnector;

namespace Tessera.Gate.Tests.EndToEnd;

// Issue #7, real clients: the mariadb CLI, PyMySQL, MySqlConnector prepared statements and
// sysbench, each talking to the real gate in front of real tablets (see GateCluster).
[Collection(GateClusterCollection.Name)]
public sealed class RealClientTests(GateCluster cluster)
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    private Task<ClientProcess.Outcome> Mariadb(params string[] args) =>
        ClientProcess.RunAsync("mariadb", ["-h", "127.0.0.1", "-P", cluster.GatePort.ToString(CultureInfo.InvariantCulture), "-u", "root", "-N", "-B", .. args], ClientTimeout);

    [Fact]
    public async Task MariadbCli_ShowDatabases_ListsTheKeyspaces()
    {
        var r = await Mariadb("-e", "show databases");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var names = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("commerce", names);
        Assert.Contains("customer", names);
    }

    [Fact]
    public async Task MariadbCli_UseKeyspaceThenSelect_AnswersFromIt()
    {
        var r = await Mariadb("-e", "use customer; select count(*) from sbtest1; select c from sbtest1 where id = 7");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal([GateCluster.SbtestRows.ToString(CultureInfo.InvariantCulture), "c-00000000007-00000000217"], r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task MariadbCli_DatabaseFunction_NamesTheKeyspace_EvenInAQueryTheTabletRuns()
    {
        // The CLI's `status` command asks `select database(), user()`; user() only the tablet answers.
        var r = await Mariadb("customer", "-e", "select database(); select database(), count(*) from sbtest1 where id = 3");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(["customer", "customer\t1"], r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task MariadbCli_Error_ExitsNonZeroWithMySqlError_AndForceKeepsTheSession()
    {
        var failed = await Mariadb("commerce", "-e", "select * from no_such_table");
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("ERROR", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("no_such_table", failed.Stderr, StringComparison.Ordinal);

        var forced = await ClientProcess.RunAsync("mariadb", ["-h", "127.0.0.1", "-P", cluster.GatePort.ToString(CultureInfo.InvariantCulture), "-u", "root", "-N", "-B", "--force", "commerce"], ClientTimeout, "select * from no_such_table;\nselect 40 + 2;\n");
        Assert.Contains("no_such_table", forced.Stderr, StringComparison.Ordinal);
        Assert.Equal("42", forced.Stdout.Trim()); // the statement after the error ran on the same session
    }

    [Fact]
    public async Task PyMySql_ConnectInsertSelectParameterisedAndError_BehaveLikeMySql()
    {
        var script = $$"""
            import pymysql
            conn = pymysql.connect(host='127.0.0.1', port={{cluster.GatePort}}, user='root', database='commerce', autocommit=True)
            cur = conn.cursor()
            print('inserted', cur.execute("insert into product(sku, description, price) values ('py-1', 'from python', 12), ('py-2', 'again', 30)"))
            cur.execute("select description, price from product where sku = %s", ('py-2',))
            print('row', *[x.decode() if isinstance(x, bytes) else x for x in cur.fetchone()])
            try:
                cur.execute("select * from no_such_table")
                print('no error')
            except pymysql.MySQLError as e:
                print('error', e.args[0])
            cur.execute("select count(*) from product where sku like %s", ('py-%',))
            print('count', cur.fetchone()[0])
            conn.close()
            """;
        var r = await ClientProcess.RunAsync("/usr/bin/python3", ["-"], ClientTimeout, script);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("inserted 2", lines[0]);
        Assert.Equal("row again 30", lines[1]);
        Assert.StartsWith("error 1", lines[2], StringComparison.Ordinal); // a MySQL error number, 1xxx
        Assert.Equal("count 2", lines[3]);
    }

    [Fact]
    public async Task MySqlConnector_PreparedStatement_OnShardedKeyspace_RoutesEachExecution()
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await using var cmd = new MySqlCommand("select id, c from sbtest1 where id = @id", c);
        var id = cmd.Parameters.Add("@id", MySqlDbType.Int32);
        await cmd.PrepareAsync();
        foreach (var n in new[] { 1, 4, 500, 999 })
        {
            id.Value = n;
            await using var r = await cmd.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            Assert.Equal(n, Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture));
            Assert.Equal($"c-{n:D11}-{n * 31:D11}", r.GetString(1));
            Assert.False(await r.ReadAsync());
        }

        await using var range = new MySqlCommand("select count(*) from sbtest1 where id between @lo and @hi", c);
        range.Parameters.AddWithValue("@lo", 10);
        range.Parameters.AddWithValue("@hi", 109);
        await range.PrepareAsync();
        Assert.Equal(100L, Convert.ToInt64(await range.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("oltp_point_select", "commerce")]
    [InlineData("oltp_point_select", "customer")]
    [InlineData("oltp_read_only", "commerce")]
    [InlineData("oltp_read_only", "customer")]
    public async Task Sysbench_Run_CompletesWithoutErrors(string workload, string keyspace)
    {
        var r = await ClientProcess.RunAsync("sysbench", [
            workload,
            "--mysql-host=127.0.0.1", $"--mysql-port={cluster.GatePort}", "--mysql-user=root", $"--mysql-db={keyspace}",
            "--tables=1", $"--table-size={GateCluster.SbtestRows}", "--db-ps-mode=auto", "--time=5", "--threads=2",
            "run",
        ], ClientTimeout);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var stats = SysbenchOutput.Parse(r.Stdout);
        Assert.True(stats.Transactions > 0, r.Stdout);
        Assert.Equal(0, stats.IgnoredErrors);
        Assert.Equal(0, stats.Reconnects);
    }

    [Fact]
    public async Task Sysbench_PrepareRunCleanup_ThroughTheGate_OnAnUnshardedKeyspace()
    {
        string[] common = [
            "oltp_read_only",
            "--mysql-host=127.0.0.1", $"--mysql-port={cluster.GatePort}", "--mysql-user=root", "--mysql-db=sbtest",
            "--tables=2", "--table-size=500", "--db-ps-mode=auto", "--time=3", "--threads=2",
        ];
        var prepare = await ClientProcess.RunAsync("sysbench", [.. common, "prepare"], ClientTimeout);
        Assert.True(prepare.ExitCode == 0, prepare.Stdout + prepare.Stderr);

        await using (var c = cluster.Connect("sbtest"))
        {
            await c.OpenAsync();
            Assert.Equal(500L, Convert.ToInt64(await new MySqlCommand("select count(*) from sbtest2", c).ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        }

        var run = await ClientProcess.RunAsync("sysbench", [.. common, "run"], ClientTimeout);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(0, SysbenchOutput.Parse(run.Stdout).IgnoredErrors);

        var cleanup = await ClientProcess.RunAsync("sysbench", [.. common, "cleanup"], ClientTimeout);
        Assert.True(cleanup.ExitCode == 0, cleanup.Stdout + cleanup.Stderr);
    }
}
