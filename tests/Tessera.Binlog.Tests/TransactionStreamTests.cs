using ColumnType = Tessera.Protocol.Constants.ColumnType;
using MySqlConnector;
using Tessera.Binlog.Positions;
using Tessera.Binlog.Rows;

namespace Tessera.Binlog.Tests;

public class TransactionStreamTests
{
    [Fact]
    public async Task Transactions_ComeWholeInCommitOrder_WithDdlAndGtids()
    {
        await using var db = await BinlogTestServer.StartAsync();
        await db.ExecuteAsync("CREATE DATABASE app");
        await db.ExecuteAsync("CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(10))", "app");
        await db.ExecuteAsync("CREATE TABLE b (id INT PRIMARY KEY, n BIGINT)", "app");

        // Two sessions interleave statements; the binlog (and the reader) must give each
        // transaction whole, in the order they committed.
        await using var first = await db.OpenAsync("app");
        await using var second = await db.OpenAsync("app");
        await Run(first, "BEGIN");
        await Run(first, "INSERT INTO a VALUES (1, 'one')");
        await Run(second, "BEGIN");
        await Run(second, "INSERT INTO b VALUES (10, 100)");
        await Run(first, "INSERT INTO b VALUES (11, 110)");
        await Run(second, "UPDATE b SET n = 101 WHERE id = 10");
        await Run(second, "COMMIT");
        var secondGtid = await LastGtid(second);
        await Run(first, "UPDATE a SET v = 'uno' WHERE id = 1");
        await Run(first, "COMMIT");
        var firstGtid = await LastGtid(first);
        await Run(first, "ALTER TABLE a ADD COLUMN w INT");
        var ddlGtid = await LastGtid(first);
        await Run(first, "INSERT INTO a VALUES (2, 'two', 2), (3, 'three', 3)");

        var transactions = await BinlogTestServer.ReadTransactionsAsync(db);
        var gtids = transactions.Select(t => t.Gtid.ToString()).ToList();
        Assert.True(gtids.IndexOf(secondGtid) < gtids.IndexOf(firstGtid));
        Assert.Equal(gtids.IndexOf(firstGtid) + 1, gtids.IndexOf(ddlGtid));

        var fromSecond = transactions.Single(t => t.Gtid.ToString() == secondGtid);
        Assert.Equal(["Insert b 10", "Update b 10"], fromSecond.Changes.Select(Describe));
        Assert.Equal("100", fromSecond.Changes[1].Before!["n"].ToString());
        Assert.Equal("101", fromSecond.Changes[1].After!["n"].ToString());

        Assert.All(transactions, t => Assert.InRange(t.Timestamp, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)));
        var fromFirst = transactions.Single(t => t.Gtid.ToString() == firstGtid);
        Assert.Equal(["Insert a 1", "Insert b 11", "Update a 1"], fromFirst.Changes.Select(Describe));
        Assert.False(fromFirst.IsDdl);

        var ddl = transactions.Single(t => t.Gtid.ToString() == ddlGtid);
        Assert.True(ddl.IsDdl);
        Assert.Empty(ddl.Changes);
        var statement = Assert.Single(ddl.Statements);
        Assert.Equal("app", statement.Database);
        Assert.Equal("ALTER TABLE a ADD COLUMN w INT", statement.Sql);

        // After the DDL the table map has the new column.
        var last = transactions[^1];
        Assert.Equal(["Insert a 2", "Insert a 3"], last.Changes.Select(Describe));
        Assert.Equal("3", last.Changes[1].After!["w"].ToString());
        Assert.Equal(MariaDbGtidPosition.Parse((string)(await db.ScalarAsync("SELECT @@gtid_binlog_pos"))!), last.Position);
        Assert.True(transactions.Zip(transactions.Skip(1)).All(p => p.First.Gtid.Sequence + 1 == p.Second.Gtid.Sequence));
    }

    [Fact]
    public async Task Rotation_IsFollowedIntoTheNextFile()
    {
        await using var db = await BinlogTestServer.StartAsync();
        await db.ExecuteAsync("CREATE DATABASE app");
        await db.ExecuteAsync("CREATE TABLE a (id INT PRIMARY KEY)", "app");
        for (var i = 1; i <= 9; i++)
        {
            await db.ExecuteAsync($"INSERT INTO a VALUES ({i})", "app");
            if (i % 3 == 0)
                await db.ExecuteAsync("FLUSH BINARY LOGS");
        }
        Assert.True(File.Exists(Path.Combine(db.DataDirectory, "binlog.000004")));
        var transactions = await BinlogTestServer.ReadTransactionsAsync(db);
        var inserted = transactions.SelectMany(t => t.Changes).Select(c => c.After!["id"].ToString()).ToList();
        Assert.Equal(Enumerable.Range(1, 9).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), inserted);
        Assert.Equal(["binlog.000001", "binlog.000002", "binlog.000003"],
            transactions.Where(t => t.Changes.Count > 0).Select(t => t.File).Distinct());
    }

    [Fact]
    public async Task Resume_FromSavedPosition_LosesAndRepeatsNothing()
    {
        await using var db = await BinlogTestServer.StartAsync();
        await db.ExecuteAsync("CREATE DATABASE app");
        await db.ExecuteAsync("CREATE TABLE a (id INT PRIMARY KEY)", "app");
        for (var i = 1; i <= 6; i++)
            await db.ExecuteAsync($"INSERT INTO a VALUES ({i})", "app");
        var all = await BinlogTestServer.ReadTransactionsAsync(db);
        var saved = all.First(t => t.Changes.Count > 0 && t.Changes[0].After!["id"].ToString() == "3").Position;

        for (var i = 7; i <= 8; i++)
            await db.ExecuteAsync($"INSERT INTO a VALUES ({i})", "app");
        var resumed = await BinlogTestServer.ReadTransactionsAsync(db, saved);
        Assert.Equal(["4", "5", "6", "7", "8"], resumed.SelectMany(t => t.Changes).Select(c => c.After!["id"].ToString()));
        Assert.All(resumed, t => Assert.False(saved.Contains(t.Gtid)));
    }

    [Fact]
    public async Task MinimalRowImage_LeavesUnloggedColumnsMissing()
    {
        await using var db = await BinlogTestServer.StartAsync("--binlog-row-image=MINIMAL");
        await db.ExecuteAsync("CREATE DATABASE app");
        await db.ExecuteAsync("CREATE TABLE a (id INT PRIMARY KEY, x INT, y VARCHAR(10))", "app");
        await db.ExecuteAsync("INSERT INTO a VALUES (1, 2, 'three')", "app");
        await db.ExecuteAsync("UPDATE a SET y = 'four' WHERE id = 1", "app");
        await db.ExecuteAsync("DELETE FROM a WHERE id = 1", "app");
        var changes = (await BinlogTestServer.ReadTransactionsAsync(db)).SelectMany(t => t.Changes).ToList();
        Assert.Equal(RowChangeKind.Update, changes[1].Kind);
        Assert.Equal("1", changes[1].Before!["id"].ToString());
        Assert.True(changes[1].Before!["x"].IsMissing);
        Assert.True(changes[1].Before!["y"].IsMissing);
        Assert.True(changes[1].After!["id"].IsMissing);
        Assert.True(changes[1].After!["x"].IsMissing);
        Assert.Equal("four", changes[1].After!["y"].GetString());
        Assert.Equal("1", changes[2].Before!["id"].ToString());
        Assert.True(changes[2].Before!["y"].IsMissing);
    }

    [Fact]
    public async Task OldTemporalFormats_DecodeLikeTheServerShowsThem()
    {
        await using var db = await BinlogTestServer.StartAsync("--mysql56-temporal-format=OFF");
        await db.ExecuteAsync("CREATE DATABASE app");
        await db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, d DATETIME, tm TIME, ts TIMESTAMP NULL)", "app");
        await db.ExecuteAsync("SET time_zone='+00:00'; INSERT INTO t VALUES (1, '2024-02-29 12:34:56', '-838:59:59', '2038-01-19 03:14:07'), (2, '1000-01-01 00:00:00', '12:00:01', '1970-01-01 00:00:01')", "app");
        var changes = (await BinlogTestServer.ReadTransactionsAsync(db)).SelectMany(t => t.Changes).ToList();
        var types = changes[0].Table.Columns.Select(c => c.Type).ToList();
        Assert.Equal([ColumnType.Long, ColumnType.DateTime, ColumnType.Time, ColumnType.Timestamp], types);
        Assert.Equal("(1, 2024-02-29 12:34:56, -838:59:59, 2038-01-19 03:14:07)", changes[0].After!.ToString());
        Assert.Equal("(2, 1000-01-01 00:00:00, 12:00:01, 1970-01-01 00:00:01)", changes[1].After!.ToString());
    }

    [Theory]
    [InlineData("DATETIME(3)", "'2024-02-29 12:34:56.789'")]
    [InlineData("DATETIME(6)", "'2024-02-29 12:34:56.789012'")] // same size as an old DATETIME
    [InlineData("TIME(6)", "'-838:59:59.999999'")]
    public async Task OldHighResolutionTemporal_IsRefusedNamingTheColumn(string type, string value)
    {
        // MariaDB 5.3 fractional columns carry no precision in the binlog (mariadb-binlog cannot
        // print them either): an error, never a misread value.
        await using var db = await BinlogTestServer.StartAsync("--mysql56-temporal-format=OFF");
        await db.ExecuteAsync("CREATE DATABASE app");
        await db.ExecuteAsync($"CREATE TABLE t (id INT PRIMARY KEY, hires {type}, after_it INT)", "app");
        await db.ExecuteAsync($"INSERT INTO t VALUES (1, {value}, 7)", "app");
        var error = await Assert.ThrowsAsync<BinlogException>(() => BinlogTestServer.ReadTransactionsAsync(db));
        Assert.Equal("binlog.000001", error.File);
        Assert.True(error.Message.Contains("hires", StringComparison.Ordinal) || error.Message.Contains("truncated", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public async Task XaTransaction_ComesAsPreparedRowsThenTheCommit()
    {
        await using var db = await BinlogTestServer.StartAsync();
        await db.ExecuteAsync("CREATE DATABASE app");
        await db.ExecuteAsync("CREATE TABLE a (id INT PRIMARY KEY)", "app");
        await db.ExecuteAsync("XA START 'x1'; INSERT INTO a VALUES (1); XA END 'x1'; XA PREPARE 'x1'; XA COMMIT 'x1'", "app");
        await db.ExecuteAsync("INSERT INTO a VALUES (2)", "app");
        var transactions = (await BinlogTestServer.ReadTransactionsAsync(db)).SkipWhile(t => !t.IsXaPrepared).ToList();
        Assert.Equal(3, transactions.Count);
        Assert.Equal("1", transactions[0].Changes.Single().After!["id"].ToString());
        Assert.Contains(transactions[1].Statements, s => s.Sql.StartsWith("XA COMMIT", StringComparison.Ordinal));
        Assert.Equal("2", transactions[2].Changes.Single().After!["id"].ToString());
    }

    private static string Describe(Transactions.RowChange change) =>
        $"{change.Kind} {change.Table.Table} {(change.After ?? change.Before)!["id"]}";

    private static async Task Run(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> LastGtid(MySqlConnection connection)
    {
        await using var command = new MySqlCommand("SELECT @@last_gtid", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
