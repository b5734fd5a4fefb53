using MySqlConnector;
using Tessera.Testing;

namespace Tessera.Mysqlctl.Tests;

/// What a tablet finds in an initialised instance: settings, users, the _vt database.
public class MysqldServerTests
{
    [Fact]
    public async Task Init_ServerAnswersOnSocketAndPort_WithRowBinlogFullImagesAndGtids()
    {
        await using var root = new TestDataRoot();
        var mysqld = root.Instance(123);
        await mysqld.InitAsync();

        await using var socket = MysqldSql.OverSocket(mysqld);
        Assert.Equal("1", await MysqldSql.ScalarAsync(socket, "select @@log_bin"));
        Assert.Equal("ROW", await MysqldSql.ScalarAsync(socket, "select @@binlog_format"));
        Assert.Equal("FULL", await MysqldSql.ScalarAsync(socket, "select @@binlog_row_image"));
        Assert.Equal("FULL", await MysqldSql.ScalarAsync(socket, "select @@binlog_row_metadata"));
        Assert.Equal("1", await MysqldSql.ScalarAsync(socket, "select @@gtid_strict_mode"));
        Assert.Equal("1", await MysqldSql.ScalarAsync(socket, "select @@log_slave_updates"));
        Assert.Equal("123", await MysqldSql.ScalarAsync(socket, "select @@server_id"));
        Assert.Equal("", await MysqldSql.ScalarAsync(socket, "select @@gtid_binlog_pos"));

        await using (var write = new MySqlCommand("create database shop; create table shop.t(id int primary key); insert into shop.t values (1)", socket))
            await write.ExecuteNonQueryAsync();
        Assert.Matches(@"^0-123-\d+$", await MysqldSql.ScalarAsync(socket, "select @@gtid_binlog_pos"));

        await using var tcp = MysqldSql.OverTcp(mysqld, "vt_repl");
        Assert.Equal(mysqld.Mycnf.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), await MysqldSql.ScalarAsync(tcp, "select @@port"));
        Assert.Equal("1", await MysqldSql.ScalarAsync(tcp, "select @@log_bin"));
    }

    [Fact]
    public async Task Init_CreatesTheTabletUsers_AndNoAnonymousOrRemoteRoot()
    {
        await using var root = new TestDataRoot();
        var mysqld = root.Instance(100);
        await mysqld.InitAsync();

        var accounts = await MysqldSql.ColumnAsync(mysqld, "select concat(user, '@', host) from mysql.user where user <> 'mariadb.sys' order by 1");
        Assert.Equal(
            ["root@localhost", "vt_allprivs@localhost", "vt_app@localhost", "vt_appdebug@localhost", "vt_dba@localhost", "vt_filtered@localhost", "vt_repl@%"],
            accounts);
        var replGrants = await MysqldSql.ColumnAsync(mysqld, "show grants for 'vt_repl'@'%'");
        Assert.Contains(replGrants, g => g.Contains("REPLICATION SLAVE", StringComparison.Ordinal));
        var dbaGrants = await MysqldSql.ColumnAsync(mysqld, "show grants for 'vt_dba'@'localhost'");
        Assert.Contains(dbaGrants, g => g.Contains("ALL PRIVILEGES", StringComparison.Ordinal) && g.Contains("WITH GRANT OPTION", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("vt_dba")]
    [InlineData("vt_app")]
    [InlineData("vt_allprivs")]
    [InlineData("vt_filtered")]
    public async Task Init_TabletUsersLogInOverTheSocketWithoutPassword(string user)
    {
        await using var root = new TestDataRoot();
        var mysqld = root.Instance(100);
        await mysqld.InitAsync();
        await using var connection = MysqldSql.OverSocket(mysqld, user);
        Assert.StartsWith(user + "@", await MysqldSql.ScalarAsync(connection, "select current_user()"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_CreatesTheVtSidecarDatabase_WithoutWritingTheBinlog()
    {
        await using var root = new TestDataRoot();
        var mysqld = root.Instance(100);
        await mysqld.InitAsync();
        Assert.Equal("_vt", await MysqldSql.ScalarAsync(mysqld, "select schema_name from information_schema.schemata where schema_name = '_vt'"));
        Assert.Equal("", await MysqldSql.ScalarAsync(mysqld, "select @@gtid_binlog_pos"));
        Assert.Equal("_vt\n", await mysqld.ExecuteAsync("show databases like '\\_vt'"));
    }

    [Fact]
    public async Task TwoInstances_RunSideBySide_AndStopIndependently()
    {
        await using var root = new TestDataRoot();
        var a = root.Instance(101);
        var b = root.Instance(102);
        await Task.WhenAll(a.InitAsync(), b.InitAsync());

        Assert.NotEqual(a.ProcessId, b.ProcessId);
        Assert.Equal("101", await MysqldSql.ScalarAsync(a, "select @@server_id"));
        Assert.Equal("102", await MysqldSql.ScalarAsync(b, "select @@server_id"));
        await using (var tcp = MysqldSql.OverTcp(b, "vt_repl"))
            Assert.Equal("102", await MysqldSql.ScalarAsync(tcp, "select @@server_id"));

        Assert.True(await a.ShutdownAsync());
        Assert.False(a.IsRunning);
        Assert.True(b.IsRunning);
        Assert.Equal("102", await MysqldSql.ScalarAsync(b, "select @@server_id"));
        Assert.Equal(2, Directory.GetDirectories(root.Path, "vt_*").Length);
    }
}
