using System.Globalization;
using MySqlConnector;
using Tessera.Mysqlctl;
using Tessera.Testing;

namespace Tessera.Cli.Tests;

/// `tessera mysqlctl` run as a real process against real MariaDB under a temp data root;
/// TestDataRoot kills, by pid, any server a failed test leaves running.
public class MysqlctlProcessTests
{
    [Fact]
    public async Task InitStatusShutdownStartTeardown_RunEndToEnd_AndTheServerOutlivesTheCli()
    {
        await using var root = new TestDataRoot();
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var dir = Path.Combine(root.Path, "vt_0000000100");

        // Vitess's order and spellings: the instance flags before the action.
        var init = await TesseraProcess.RunAsync("mysqlctl", "--tablet_uid", "100", "--mysql_port", port, "--data-root", root.Path, "init");
        root.TrackRunning();
        Assert.Equal(("", 0), (init.Stderr, init.ExitCode));
        Assert.Contains($"initialised tablet 100 in {dir} and left MariaDB running", init.Stdout, StringComparison.Ordinal);
        Assert.Contains($"port {port}", init.Stdout, StringComparison.Ordinal);

        var mysqld = Mysqld.ForTablet(100, root.Path);
        Assert.True(mysqld.IsRunning, "the server keeps running after tessera mysqlctl has exited");
        Assert.Equal("100", await ScalarAsync(mysqld, "select @@server_id"));
        Assert.Equal("ROW", await ScalarAsync(mysqld, "select @@binlog_format"));

        var again = await TesseraProcess.RunAsync("mysqlctl", "--tablet-uid", "100", "--data-root", root.Path, "init");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already initialised", again.Stdout, StringComparison.Ordinal);
        Assert.Contains($"running, pid {mysqld.ProcessId}", again.Stdout, StringComparison.Ordinal);

        // The data root from the environment, as Vitess scripts set VTDATAROOT.
        var status = await TesseraProcess.RunAsync(["mysqlctl", "status", "--tablet-uid", "100"], new Dictionary<string, string?> { ["TESSERA_DATAROOT"] = root.Path });
        Assert.Equal(0, status.ExitCode);
        Assert.Contains($"tablet 100: running, pid {mysqld.ProcessId}, port {port}", status.Stdout, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(dir, "mysql.sock"), status.Stdout, StringComparison.Ordinal);

        var pid = mysqld.ProcessId;
        var shutdown = await TesseraProcess.RunAsync("mysqlctl", "shutdown", "--tablet-uid", "100", "--data-root", root.Path);
        Assert.Equal(0, shutdown.ExitCode);
        Assert.Contains($"shut down MariaDB for tablet 100 (pid {pid})", shutdown.Stdout, StringComparison.Ordinal);
        Assert.False(mysqld.IsRunning);

        var shutdownAgain = await TesseraProcess.RunAsync("mysqlctl", "shutdown", "--tablet-uid", "100", "--data-root", root.Path);
        Assert.Equal(0, shutdownAgain.ExitCode);
        Assert.Contains("not running", shutdownAgain.Stdout, StringComparison.Ordinal);

        var stopped = await TesseraProcess.RunAsync("mysqlctl", "status", "--tablet-uid", "100", "--data-root", root.Path);
        Assert.Contains("tablet 100: not running", stopped.Stdout, StringComparison.Ordinal);

        var start = await TesseraProcess.RunAsync("mysqlctl", "--tablet-uid", "100", "--data-root", root.Path, "start");
        root.TrackRunning();
        Assert.Equal(0, start.ExitCode);
        Assert.Contains("started MariaDB for tablet 100", start.Stdout, StringComparison.Ordinal);
        Assert.Equal("1", await ScalarAsync(mysqld, "select @@log_bin"));

        var startAgain = await TesseraProcess.RunAsync("mysqlctl", "--tablet-uid", "100", "--data-root", root.Path, "start");
        Assert.Equal(0, startAgain.ExitCode);
        Assert.Contains("already running", startAgain.Stdout, StringComparison.Ordinal);

        var teardown = await TesseraProcess.RunAsync(["mysqlctl", "--tablet_uid", "100", "teardown"], new Dictionary<string, string?> { ["VTDATAROOT"] = root.Path });
        Assert.Equal(0, teardown.ExitCode);
        Assert.Contains($"removed {dir}", teardown.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
        Assert.Empty(root.RunningServers());
    }

    [Fact]
    public async Task Start_ServerSurvivesCtrlCAndHangUpOfTheShellThatRanIt()
    {
        await using var root = new TestDataRoot();
        var init = await TesseraProcess.RunAsync("mysqlctl", "--tablet-uid", "100", "--mysql-port", FreePort.Next().ToString(CultureInfo.InvariantCulture), "--data-root", root.Path, "init");
        root.TrackRunning();
        Assert.Equal(0, init.ExitCode);
        var shutdown = await TesseraProcess.RunAsync("mysqlctl", "--tablet-uid", "100", "--data-root", root.Path, "shutdown");
        Assert.Equal(0, shutdown.ExitCode);

        // A shell in its own session (so the signals reach only it and its children) runs start,
        // then signals its whole process group as Ctrl-C (SIGINT), closing the terminal (SIGHUP)
        // and a job supervisor stopping the job (SIGTERM) would. mariadbd shrugs off SIGINT and
        // takes SIGHUP as "flush logs", but SIGTERM shuts it down: only leaving the caller's
        // session and process group keeps it running.
        var tessera = Path.Combine(AppContext.BaseDirectory, "tessera.dll");
        using var shell = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("setsid")
        {
            ArgumentList = { "--wait", "sh", "-c", "dotnet \"$0\" mysqlctl --tablet-uid 100 --data-root \"$1\" start >/dev/null; trap \"\" INT HUP; kill -INT 0; kill -HUP 0; kill -TERM 0", tessera, root.Path },
            UseShellExecute = false,
        })!;
        ProcessReaper.Track(shell);
        await shell.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        root.TrackRunning();
        await Task.Delay(500); // a server that did get SIGTERM would be shutting down by now

        var mysqld = Mysqld.ForTablet(100, root.Path);
        Assert.True(mysqld.IsRunning, "mariadbd must not be in the caller's process group or session");
        Assert.Equal("100", await ScalarAsync(mysqld, "select @@server_id"));
    }

    [Fact]
    public async Task MissingMariaDb_OneLineOnStderrSayingHowToInstall_NonZeroExit()
    {
        await using var root = new TestDataRoot();
        var result = await TesseraProcess.RunAsync(["mysqlctl", "--tablet-uid", "100", "--data-root", root.Path, "init"],
            new Dictionary<string, string?> { [Mysqlctl.MariaDbBinaries.DirectoryVariable] = Path.Combine(root.Path, "no-mariadb-here") });
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("tessera mysqlctl init: ", line, StringComparison.Ordinal);
        Assert.Contains("sudo apt-get install -y mariadb-server mariadb-client", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("start", "run init first")]
    [InlineData("shutdown", "not running")]
    [InlineData("teardown", "nothing to tear down")]
    [InlineData("status", "not initialised")]
    public async Task Actions_OnAnInstanceThatDoesNotExist_SayWhy(string action, string expected)
    {
        await using var root = new TestDataRoot();
        var result = await TesseraProcess.RunAsync("mysqlctl", "--tablet-uid", "100", "--data-root", root.Path, action);
        Assert.Contains(expected, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal(action == "start" ? 1 : 0, result.ExitCode);
        if (action == "start") Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static async Task<string?> ScalarAsync(Mysqld mysqld, string sql)
    {
        await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder
        {
            Server = mysqld.Mycnf.SocketFile,
            ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
            UserID = "vt_dba",
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
