using Tessera.Protocol.Server;

namespace Tessera.Protocol.Tests.Server;

/// The server against the real clients users will point at the gate.
public class RealClientTests
{
    // The same tests run again in the server's thread-per-connection mode (the derived class below).
    protected virtual bool ThreadPerConnection => false;

    private TestServer StartServer(MySqlServerOptions? options = null) =>
        TestServer.Start((options ?? new MySqlServerOptions()) with { ThreadPerConnection = ThreadPerConnection });

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static Task<(int ExitCode, string Stdout, string Stderr)> MariaDbCliAsync(TestServer server, string sql, params string[] extra) =>
        ExternalProcess.RunAsync("mariadb", ["-h", "127.0.0.1", "-P", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-u", "root", "--batch", .. extra, "-e", sql], Timeout);

    [Fact]
    public async Task MariaDbCli_MultiStatements()
    {
        await using var server = StartServer();
        var (exit, stdout, stderr) = await MariaDbCliAsync(server, "select 1; select 2; select numbers 3");
        Assert.True(exit == 0, stderr);
        Assert.Equal("1\n1\n2\n2\nn\tname\n0\tNULL\n1\tname-1\n2\tname-2\n", stdout);
    }

    [Fact]
    public async Task MariaDbCli_StatusCommand()
    {
        await using var server = StartServer();
        var (exit, stdout, stderr) = await MariaDbCliAsync(server, "status", "-D", "commerce");
        Assert.True(exit == 0, stderr);
        Assert.Contains("8.0.40-Tessera", stdout, StringComparison.Ordinal);
        Assert.Contains("commerce", stdout, StringComparison.Ordinal);
        Assert.Contains("Uptime:", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MariaDbCli_ErrorIsReported()
    {
        await using var server = StartServer();
        var (exit, _, stderr) = await MariaDbCliAsync(server, "fail");
        Assert.NotEqual(0, exit);
        Assert.Contains("ERROR 1146 (42S02)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PyMySql_TextQueriesAndTransactions()
    {
        await using var server = StartServer();
        var script = $$"""
            import pymysql
            c = pymysql.connect(host='127.0.0.1', port={{server.Port}}, user='root', password='', database='commerce', autocommit=True)
            cur = c.cursor()
            cur.execute('select 1')
            print(cur.fetchall())
            cur.execute('select numbers 3')
            print(cur.fetchall())
            print(cur.execute('insert into t values (1)'), cur.lastrowid)
            c.begin()
            c.commit()
            try:
                cur.execute('fail')
            except pymysql.err.ProgrammingError as e:
                print('error', e.args[0])
            c.ping()
            c.close()
            """;
        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("/usr/bin/python3", ["-c", script], Timeout);
        Assert.True(exit == 0, stderr);
        Assert.Equal("((1,),)\n((0, None), (1, 'name-1'), (2, 'name-2'))\n3 42\nerror 1146\n", stdout);
    }

    [Fact]
    public async Task Sysbench_OltpPointSelect_WithPreparedStatements()
    {
        await using var server = StartServer();
        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("sysbench",
        [
            "oltp_point_select", "--mysql-host=127.0.0.1", $"--mysql-port={server.Port}", "--mysql-user=root", "--mysql-password=",
            "--mysql-db=sbtest", "--tables=1", "--table-size=1000", "--db-ps-mode=auto", "--threads=2", "--time=1", "--mysql-ssl=off", "run",
        ], Timeout);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("queries performed:", stdout, StringComparison.Ordinal);
        Assert.Contains("ignored errors:                      0", stdout, StringComparison.Ordinal);
        Assert.True(server.Handler.QueryCount > 100, $"only {server.Handler.QueryCount} queries reached the handler");
    }
}

public sealed class RealClientTestsInThreadPerConnectionMode : RealClientTests
{
    protected override bool ThreadPerConnection => true;
}
