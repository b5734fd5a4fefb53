using System.Globalization;
using MySqlConnector;

namespace Tessera.Gate.Tests.EndToEnd;

// System variables a client sets (time_zone, sql_mode, isolation) reach every shard its later
// queries run on, in and out of transactions, through connections reserved for that session; other
// sessions keep the server defaults.
[Collection(GateClusterCollection.Name)]
public sealed class SystemVariableTests(GateCluster cluster)
{
    // ids 1, 2, 3, 5 hash into -80 and 4 into 80- (the seeds' layout), so this touches both shards.
    private const string BothShards = "id in (1, 2, 3, 4, 5)";

    private static async Task<List<string>> ColumnAsync(MySqlConnection c, string sql, int column = 0, MySqlTransaction? tx = null)
    {
        var values = new List<string>();
        await using var r = await new MySqlCommand(sql, c, tx).ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            values.Add(r.GetValue(column) is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : Convert.ToString(r.GetValue(column), CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    [Fact]
    public async Task TimeZone_SetThroughTheGate_IsSeenOnEveryShard_AndByNoOtherSession()
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await new MySqlCommand("set time_zone = '+05:00'", c).ExecuteNonQueryAsync();

        Assert.Equal(["+05:00"], await ColumnAsync(c, "select @@time_zone"));
        Assert.Equal(["300"], await ColumnAsync(c, "select timestampdiff(minute, utc_timestamp(), now())"));
        Assert.Equal(Enumerable.Repeat("+05:00", 5), await ColumnAsync(c, $"select id, @@session.time_zone from sbtest1 where {BothShards}", 1));
        Assert.Equal(Enumerable.Repeat("300", 5), await ColumnAsync(c, $"select id, timestampdiff(minute, utc_timestamp(), now()) from sbtest1 where {BothShards}", 1));

        await using (var tx = await c.BeginTransactionAsync())
        {
            Assert.Equal(Enumerable.Repeat("+05:00", 5), await ColumnAsync(c, $"select id, @@time_zone from sbtest1 where {BothShards}", 1, tx));
            await new MySqlCommand("update sbtest1 set k = k where id = 4", c, tx).ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }

        // A new value replaces the old one on the connections already reserved.
        await new MySqlCommand("set time_zone = '-02:00'", c).ExecuteNonQueryAsync();
        Assert.Equal(Enumerable.Repeat("-02:00", 5), await ColumnAsync(c, $"select id, @@time_zone from sbtest1 where {BothShards}", 1));

        // MariaDB's own error for a value it refuses, and the session keeps its last good value.
        var e = await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("set time_zone = 'Nowhere/Atlantis'", c).ExecuteNonQueryAsync());
        Assert.Contains("time zone", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Enumerable.Repeat("-02:00", 5), await ColumnAsync(c, $"select id, @@time_zone from sbtest1 where {BothShards}", 1));

        await using var other = cluster.Connect("customer");
        await other.OpenAsync();
        Assert.Equal(Enumerable.Repeat("SYSTEM", 5), await ColumnAsync(other, $"select id, @@time_zone from sbtest1 where {BothShards}", 1));
    }

    [Fact]
    public async Task SqlMode_SetThroughTheGate_IsSeenOnEveryShard()
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await new MySqlCommand("set sql_mode = 'ANSI_QUOTES,STRICT_TRANS_TABLES'", c).ExecuteNonQueryAsync();
        Assert.Equal(Enumerable.Repeat("ANSI_QUOTES,STRICT_TRANS_TABLES", 5), await ColumnAsync(c, $"select id, @@sql_mode from sbtest1 where {BothShards}", 1));
    }

    // The isolation level is asked of the tablet with each BEGIN (no reserved connection needed),
    // seen in what a transaction reads: under READ COMMITTED a row another client changed and
    // committed reads anew; under REPEATABLE READ (the default) it does not.
    [Theory]
    [InlineData("set session transaction isolation level read committed", true)]
    [InlineData("set transaction_isolation = 'READ-COMMITTED'", true)]
    [InlineData("set @@tx_isolation = 'REPEATABLE-READ'", false)]
    [InlineData("", false)]
    public async Task Isolation_SetThroughTheGate_GovernsTheShardTransactions(string set, bool readCommitted)
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await using var other = cluster.Connect("customer");
        await other.OpenAsync();
        if (set.Length > 0)
        {
            await new MySqlCommand(set, c).ExecuteNonQueryAsync();
        }

        await new MySqlCommand("begin", c).ExecuteNonQueryAsync();
        var before = Convert.ToInt64(await new MySqlCommand("select k from sbtest1 where id = 4", c).ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        await new MySqlCommand("update sbtest1 set k = k + 1000 where id = 4", other).ExecuteNonQueryAsync();
        try
        {
            var again = Convert.ToInt64(await new MySqlCommand("select k from sbtest1 where id = 4", c).ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            Assert.Equal(readCommitted ? before + 1000 : before, again);
        }
        finally
        {
            await new MySqlCommand("rollback", c).ExecuteNonQueryAsync();
            await new MySqlCommand("update sbtest1 set k = k - 1000 where id = 4", other).ExecuteNonQueryAsync();
        }
    }
}
