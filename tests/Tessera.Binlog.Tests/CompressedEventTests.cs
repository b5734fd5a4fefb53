using Tessera.Binlog.Events;
using Tessera.Binlog.Reading;
using Tessera.Binlog.Rows;

namespace Tessera.Binlog.Tests;

public class CompressedEventTests
{
    [Fact]
    public async Task CompressedRowsAndQueries_DecodeLikeUncompressedOnes()
    {
        await using var db = await BinlogTestServer.StartAsync("--log-bin-compress=ON", "--log-bin-compress-min-len=10");
        await db.ExecuteAsync("CREATE DATABASE app");
        var ddl = "CREATE TABLE a (id INT PRIMARY KEY, v TEXT, n INT) COMMENT '" + new string('c', 300) + "'";
        await db.ExecuteAsync(ddl, "app");
        await db.ExecuteAsync("INSERT INTO a VALUES (1, REPEAT('ab', 500), 1), (2, 'short but compressed', 2)", "app");
        await db.ExecuteAsync("UPDATE a SET v = REPEAT('z', 700), n = NULL WHERE id = 1", "app");
        await db.ExecuteAsync("DELETE FROM a WHERE id = 2", "app");

        var types = new HashSet<BinlogEventType>();
        await using (var reader = new BinlogEventReader(new BinlogFileSource(BinlogTestServer.FirstBinlog(db))))
        {
            while (await reader.ReadAsync() is { } e)
                types.Add(e.Type);
        }
        Assert.Contains(BinlogEventType.WriteRowsCompressedV1, types);
        Assert.Contains(BinlogEventType.UpdateRowsCompressedV1, types);
        Assert.Contains(BinlogEventType.DeleteRowsCompressedV1, types);
        Assert.Contains(BinlogEventType.QueryCompressed, types);

        var transactions = await BinlogTestServer.ReadTransactionsAsync(db);
        Assert.Contains(transactions, t => t.Statements.Any(s => s.Sql == ddl));
        var changes = transactions.SelectMany(t => t.Changes).ToList();
        Assert.Equal([RowChangeKind.Insert, RowChangeKind.Insert, RowChangeKind.Update, RowChangeKind.Delete], changes.Select(c => c.Kind));
        Assert.Equal(string.Concat(Enumerable.Repeat("ab", 500)), changes[0].After!["v"].GetString());
        Assert.Equal("short but compressed", changes[1].After!["v"].GetString());
        Assert.Equal(string.Concat(Enumerable.Repeat("ab", 500)), changes[2].Before!["v"].GetString());
        Assert.Equal(new string('z', 700), changes[2].After!["v"].GetString());
        Assert.True(changes[2].After!["n"].IsNull);
        Assert.Equal("2", changes[3].Before!["id"].ToString());
    }
}
