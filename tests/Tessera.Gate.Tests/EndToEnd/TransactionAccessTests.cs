using System.Globalization;
using MySqlConnector;

namespace Tessera.Gate.Tests.EndToEnd;

// READ ONLY sessions and transactions through the gate answer as MariaDB does: writes fail with
// 1792 (25006), reads work, the one-shot SET TRANSACTION lasts until COMMIT or ROLLBACK.
[Collection(GateClusterCollection.Name)]
public sealed class TransactionAccessTests(GateCluster cluster)
{
    private static async Task ExecAsync(MySqlConnection c, string sql) => await new MySqlCommand(sql, c).ExecuteNonQueryAsync();

    private static async Task<long> ScalarAsync(MySqlConnection c, string sql) => Convert.ToInt64(await new MySqlCommand(sql, c).ExecuteScalarAsync(), CultureInfo.InvariantCulture);

    private static async Task RefusedAsync(MySqlConnection c, string sql)
    {
        var e = await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand(sql, c).ExecuteNonQueryAsync());
        Assert.Equal(1792, e.Number);
        Assert.Equal("25006", e.SqlState);
        Assert.Contains("Cannot execute statement in a READ ONLY transaction", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("set session transaction read only", "set session transaction read write")]
    [InlineData("set tx_read_only = 1", "set tx_read_only = 0")]
    [InlineData("set transaction_read_only = on", "set @@transaction_read_only = off")]
    public async Task ReadOnlySession_RefusesWrites_OnEveryShard_AndReadsWork(string readOnly, string readWrite)
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await ExecAsync(c, readOnly);
        Assert.Equal(1, await ScalarAsync(c, "select @@tx_read_only"));
        var before = await ScalarAsync(c, "select sum(k) from sbtest1");
        await RefusedAsync(c, "update sbtest1 set k = k + 1 where id in (1, 4)");
        await RefusedAsync(c, "insert into sbtest1(id, k, c, pad) values (900001, 1, 'x', 'y')");
        await RefusedAsync(c, "select k from sbtest1 where id = 4 for update");
        await ExecAsync(c, "begin");
        await RefusedAsync(c, "delete from sbtest1 where id = 4");
        await ExecAsync(c, "commit");
        Assert.Equal(before, await ScalarAsync(c, "select sum(k) from sbtest1"));

        await ExecAsync(c, readWrite);
        Assert.Equal(0, await ScalarAsync(c, "select @@transaction_read_only"));
        Assert.Equal(1, await new MySqlCommand("update sbtest1 set k = k + 1 where id = 4", c).ExecuteNonQueryAsync());
        await ExecAsync(c, "update sbtest1 set k = k - 1 where id = 4");
    }

    [Fact]
    public async Task StartTransactionReadOnly_RefusesWrites_AndTheNextTransactionMayWrite()
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await ExecAsync(c, "start transaction read only");
        Assert.Equal(5, await ScalarAsync(c, "select count(*) from sbtest1 where id in (1, 2, 3, 4, 5)"));
        await RefusedAsync(c, "update sbtest1 set k = k + 1 where id = 4");
        await ExecAsync(c, "commit");

        await ExecAsync(c, "start transaction read write");
        await ExecAsync(c, "update sbtest1 set k = k + 1 where id = 4");
        await ExecAsync(c, "rollback");
        await ExecAsync(c, "start transaction with consistent snapshot");
        Assert.Equal(5, await ScalarAsync(c, "select count(*) from sbtest1 where id in (1, 2, 3, 4, 5)"));
        await ExecAsync(c, "commit");
    }

    // MariaDB keeps a SET TRANSACTION without SESSION until a COMMIT or ROLLBACK ends a
    // transaction, and refuses it inside one.
    [Fact]
    public async Task SetTransactionReadOnly_LastsUntilCommit_AndIsRefusedInsideATransaction()
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await ExecAsync(c, "set transaction read only");
        await RefusedAsync(c, "update sbtest1 set k = k + 1 where id = 4");
        await ExecAsync(c, "begin");
        await RefusedAsync(c, "update sbtest1 set k = k + 1 where id = 4");
        var e = await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("set transaction read write", c).ExecuteNonQueryAsync());
        Assert.Equal(1568, e.Number);
        Assert.Equal("25001", e.SqlState);
        await ExecAsync(c, "commit");
        Assert.Equal(1, await new MySqlCommand("update sbtest1 set k = k + 1 where id = 4", c).ExecuteNonQueryAsync());
        await ExecAsync(c, "update sbtest1 set k = k - 1 where id = 4");
    }

    // The one-shot isolation level governs the next transaction on every shard, then the session's returns.
    [Fact]
    public async Task SetTransactionIsolation_WithoutSession_GovernsOnlyTheNextTransaction()
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await using var other = cluster.Connect("customer");
        await other.OpenAsync();
        async Task<bool> SeesOthersCommitAsync()
        {
            await ExecAsync(c, "begin");
            var before = await ScalarAsync(c, "select k from sbtest1 where id = 4");
            await ExecAsync(other, "update sbtest1 set k = k + 1000 where id = 4");
            try
            {
                return await ScalarAsync(c, "select k from sbtest1 where id = 4") == before + 1000;
            }
            finally
            {
                await ExecAsync(c, "rollback");
                await ExecAsync(other, "update sbtest1 set k = k - 1000 where id = 4");
            }
        }

        await ExecAsync(c, "set transaction isolation level read committed");
        Assert.True(await SeesOthersCommitAsync());
        Assert.False(await SeesOthersCommitAsync());
        Assert.Equal("REPEATABLE-READ", (string?)await new MySqlCommand("select @@transaction_isolation", c).ExecuteScalarAsync());
    }
}
