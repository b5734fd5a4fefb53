using System.Diagnostics;
using Tessera.Testing;

namespace Tessera.Mysqlctl.Tests;

/// Real MariaDB instances under a temp data root; TestDataRoot kills any left running, by pid.
public class MysqldLifecycleTests
{
    [Fact]
    public async Task InitStartShutdownTeardown_EachStepIsIdempotent()
    {
        await using var root = new TestDataRoot();
        var mysqld = root.Instance(100);

        Assert.False(mysqld.IsRunning);
        Assert.True(await mysqld.InitAsync());
        Assert.True(mysqld.IsInitialized);
        Assert.True(mysqld.IsRunning, "init leaves the server running, as Vitess's mysqlctl init does");
        var firstPid = mysqld.ProcessId;

        Assert.False(await mysqld.InitAsync());
        Assert.Equal(firstPid, mysqld.ProcessId);
        Assert.False(await mysqld.StartAsync());
        Assert.Equal(firstPid, mysqld.ProcessId);

        Assert.True(await mysqld.ShutdownAsync());
        Assert.False(mysqld.IsRunning);
        Assert.False(IsAlive(firstPid!.Value));
        Assert.False(await mysqld.ShutdownAsync());
        Assert.Equal(new MysqldStatus(100, true, false, null, mysqld.Mycnf.Port, mysqld.Mycnf.SocketFile, mysqld.Mycnf.TabletDir), mysqld.Status());

        Assert.True(await mysqld.StartAsync());
        Assert.True(mysqld.IsRunning);
        Assert.NotEqual(firstPid, mysqld.ProcessId);
        Assert.Equal("1", await MysqldSql.ScalarAsync(mysqld, "select 1"));
        var secondPid = mysqld.ProcessId!.Value;

        Assert.True(await mysqld.TeardownAsync());
        Assert.False(IsAlive(secondPid));
        Assert.False(Directory.Exists(mysqld.Mycnf.TabletDir));
        Assert.False(await mysqld.TeardownAsync());
        Assert.False(mysqld.Status().Initialized);
    }

    [Fact]
    public async Task Start_RunsInItsOwnSession_SoTheCallersCtrlCDoesNotReachIt()
    {
        await using var root = new TestDataRoot();
        var mysqld = root.Instance(100);
        await mysqld.InitAsync();
        var pid = mysqld.ProcessId!.Value;
        var text = await File.ReadAllTextAsync($"/proc/{pid}/stat");
        var stat = text[text.LastIndexOf(')')..].Split(' ');
        // ") state ppid pgrp session …": a session leader's session id (and group id) is its own pid.
        var self = pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(self, stat[4]);
        Assert.Equal(self, stat[3]);
    }

    [Fact]
    public async Task Start_AfterACrash_IgnoresTheStalePidFileAndStarts()
    {
        await using var root = new TestDataRoot();
        var mysqld = root.Instance(100);
        await mysqld.InitAsync();
        var pid = mysqld.ProcessId!.Value;
        using (var process = Process.GetProcessById(pid)) ProcessReaper.Kill(process);

        Assert.True(File.Exists(mysqld.Mycnf.PidFile), "a killed server leaves its pid file behind");
        Assert.False(mysqld.IsRunning);
        Assert.True(await mysqld.StartAsync());
        Assert.Equal("1", await MysqldSql.ScalarAsync(mysqld, "select 1"));
        Assert.True(await mysqld.ShutdownAsync());
    }

    [Fact]
    public async Task Init_WhenThePortIsTaken_FailsWithMariaDbsReason_AndRefusesToReuseTheHalfDoneDirectory()
    {
        await using var root = new TestDataRoot();
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        squatter.Start();
        var mysqld = root.Instance(100, ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port);

        var e = await Assert.ThrowsAsync<MysqlctlException>(() => mysqld.InitAsync());
        Assert.Contains("exited during start", e.Message, StringComparison.Ordinal);
        Assert.Contains("Address already in use", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(mysqld.IsRunning);

        var again = await Assert.ThrowsAsync<MysqlctlException>(() => mysqld.InitAsync());
        Assert.Contains("run teardown", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_IsClean_EvenWhenNoAdminUserCanLogIn()
    {
        await using var root = new TestDataRoot();
        var mysqld = root.Instance(100);
        await mysqld.InitAsync();
        // Without vt_dba and root, mariadb-admin cannot log in: shutdown falls back to SIGTERM.
        await mysqld.ExecuteAsync("DROP USER 'root'@'localhost'; DROP USER 'vt_dba'@'localhost'");
        var pid = mysqld.ProcessId!.Value;

        Assert.True(await mysqld.ShutdownAsync(TimeSpan.FromSeconds(60)));
        Assert.False(IsAlive(pid));
        Assert.Contains("Normal shutdown", await File.ReadAllTextAsync(mysqld.Mycnf.ErrorLogPath), StringComparison.Ordinal);
        Assert.False(File.Exists(mysqld.Mycnf.PidFile), "a clean shutdown removes the pid file");
    }

    [Fact]
    public async Task Start_OnAnUninitialisedInstance_SaysToRunInit()
    {
        await using var root = new TestDataRoot();
        var e = await Assert.ThrowsAsync<MysqlctlException>(() => root.Instance(100).StartAsync());
        Assert.Contains("run init first", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForTablet_AnInitialisedInstance_KeepsItsPortAndRejectsAnotherOne()
    {
        await using var root = new TestDataRoot();
        var mysqld = root.Instance(100);
        await mysqld.InitAsync();
        await mysqld.ShutdownAsync();

        Assert.Equal(mysqld.Mycnf.Port, Mysqld.ForTablet(100, root.Path).Mycnf.Port);
        var e = Assert.Throws<MysqlctlException>(() => Mysqld.ForTablet(100, root.Path, mysqld.Mycnf.Port + 1));
        Assert.Contains($"initialised with port {mysqld.Mycnf.Port}", e.Message, StringComparison.Ordinal);
    }

    private static bool IsAlive(int pid) => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z", StringComparison.Ordinal);
}
