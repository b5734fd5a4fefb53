using Tessera.Testing;

namespace Tessera.Mysqlctl.Tests;

public class MysqldReplicationTests
{
    [Fact]
    public async Task Replica_FollowsItsPrimaryByGtid_AndReachesItsPosition()
    {
        await using var root = new TestDataRoot();
        var primary = root.Instance(101);
        var replica = root.Instance(102);
        await Task.WhenAll(primary.InitAsync(), replica.InitAsync());
        Assert.Null(await replica.ReplicationStatusAsync());

        await replica.SetReplicationSourceAsync("127.0.0.1", primary.Mycnf.Port);
        await replica.StartReplicationAsync();
        await primary.ExecuteAsync("CREATE DATABASE shop; CREATE TABLE shop.customer (id INT PRIMARY KEY, name VARCHAR(20)); INSERT INTO shop.customer VALUES (1, 'it''s')");
        var position = await primary.PrimaryPositionAsync();
        Assert.Matches(@"^0-101-\d+$", position);

        Assert.True(await replica.WaitForPositionAsync(position, TimeSpan.FromSeconds(30)));
        Assert.Equal("it's\n", await replica.ExecuteAsync("SELECT name FROM shop.customer WHERE id = 1"));
        var status = await replica.ReplicationStatusAsync();
        Assert.NotNull(status);
        Assert.True(status.Running, status.LastError);
        Assert.Equal(("127.0.0.1", primary.Mycnf.Port, position), (status.SourceHost, status.SourcePort, status.Position));
        // log_slave_updates: the replica's own binlog carries the primary's transactions, so it can take over.
        Assert.Equal(position, await replica.PrimaryPositionAsync());

        await replica.StopReplicationAsync();
        Assert.False((await replica.ReplicationStatusAsync())!.Running);
        await replica.ResetReplicationAsync();
        Assert.Null(await replica.ReplicationStatusAsync());
    }

    [Fact]
    public async Task WaitForPosition_NotReached_ReturnsFalseAfterTheTimeout()
    {
        await using var root = new TestDataRoot();
        var mysqld = root.Instance(100);
        await mysqld.InitAsync();
        Assert.False(await mysqld.WaitForPositionAsync("0-999-5", TimeSpan.FromMilliseconds(200)));
    }

    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", @"'it\'s'")]
    [InlineData(@"a\b", @"'a\\b'")]
    public void Literal_EscapesQuotesAndBackslashes(string value, string expected)
    {
        Assert.Equal(expected, MysqldReplication.Literal(value));
    }
}
