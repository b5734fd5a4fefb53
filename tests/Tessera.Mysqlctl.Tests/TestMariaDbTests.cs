using MySqlConnector;
using Tessera.Testing;

namespace Tessera.Mysqlctl.Tests;

public class TestMariaDbTests
{
    [Fact]
    public async Task TestMariaDb_StartsWithRowBinlogAndGtids_AndStopsOnDispose()
    {
        var server = await TestMariaDb.StartAsync();
        var pid = server.ProcessId;
        await using (server)
        {
            Assert.Equal("1", await Variable(server, "log_bin"));
            Assert.Equal("ROW", await Variable(server, "binlog_format"));
            await server.ExecuteAsync("create database t; create table t.x(id int primary key); insert into t.x values (1)");
            Assert.Matches(@"^0-\d+-\d+$", await Variable(server, "gtid_binlog_pos"));
        }
        Assert.False(IsRunning(pid));
        Assert.False(Directory.Exists(server.RootDirectory));
    }

    [Fact]
    public async Task TwoInstances_RunSideBySide_OnDifferentPorts()
    {
        await using var a = await TestMariaDb.StartAsync();
        await using var b = await TestMariaDb.StartAsync();
        Assert.NotEqual(a.Port, b.Port);
        Assert.NotEqual(a.ServerId, b.ServerId);
        Assert.Equal(Convert.ToInt64(a.ServerId), Convert.ToInt64(await a.ScalarAsync("select @@server_id")));
        Assert.Equal(Convert.ToInt64(b.ServerId), Convert.ToInt64(await b.ScalarAsync("select @@server_id")));
    }

    private static async Task<string?> Variable(TestMariaDb server, string name)
    {
        await using var connection = await server.OpenAsync();
        await using var command = new MySqlCommand($"select @@{name}", connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
