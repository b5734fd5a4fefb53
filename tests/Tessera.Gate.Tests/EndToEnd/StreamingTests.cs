using System.Diagnostics;
using System.Globalization;
using MySqlConnector;
using Tessera.Rpc.TabletManager;

namespace Tessera.Gate.Tests.EndToEnd;

// `set workload = olap`: a scatter SELECT's rows flow to the client as the shards send them, in
// bounded memory. The table `big` holds RowsPerShard rows of about 1 KB on each of the two customer
// shards (80 MB in all, written straight on the shards: the scatter read does not care which shard
// a row is on). The proof: after the client has read one row, and again after it has paused, the
// shards' MariaDB are still sending their rows; a gate that collected the whole result first, or
// read it into memory regardless of the client, would have let both queries finish. (Under oltp
// the same query is refused: 80 000 rows is over the tablet's 10 000-row result limit.)
[Collection(GateClusterCollection.Name)]
public sealed class StreamingTests(GateCluster cluster) : IAsyncLifetime
{
    private const int RowsPerShard = 40_000;

    private IEnumerable<Tablet.Server.TabletServer> CustomerShards => cluster.Cluster.Tablets.Where(t => t.Config.Keyspace == "customer");

    public async Task InitializeAsync()
    {
        var offset = 0;
        foreach (var t in CustomerShards)
        {
            await cluster.Cluster.Manager(t).ExecuteFetchAsDbaAsync(new ExecuteFetchAsDbaRequest
            {
                DbName = t.Config.DbName,
                Query = $"insert ignore into big(id, pad) select seq + {offset}, repeat(char(97 + seq % 26), 1000) from seq_1_to_{RowsPerShard}",
            });
            offset += RowsPerShard;
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // How many of the shards' MariaDB are running the streamed query right now.
    private async Task<int> ShardsStillSendingAsync()
    {
        var running = 0;
        foreach (var t in CustomerShards)
        {
            await using var c = new MySqlConnection($"Server={t.Mysqld.Mycnf.SocketFile};Protocol=Unix;User ID=vt_dba;SslMode=None;Pooling=false");
            await c.OpenAsync();
            var n = Convert.ToInt64(await new MySqlCommand("select count(*) from information_schema.processlist where info like 'select id, pad from big%'", c).ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            running += n > 0 ? 1 : 0;
        }

        return running;
    }

    [Fact]
    public async Task Olap_ScatterRowsFlowAsTheShardsSendThem_InBoundedMemory()
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await new MySqlCommand("set workload = olap", c).ExecuteNonQueryAsync();
        var clock = Stopwatch.StartNew();
        await using (var r = await new MySqlCommand("select id, pad from big", c).ExecuteReaderAsync())
        {
            Assert.True(await r.ReadAsync());
            var firstRowAfter = clock.Elapsed;
            Assert.True(await ShardsStillSendingAsync() > 0, $"both shards had finished when the first row arrived ({firstRowAfter})");

            // The client stops reading: the gate must not keep pulling the shards' rows into memory.
            await Task.Delay(1500);
            Assert.True(await ShardsStillSendingAsync() > 0, "the shards finished while the client was not reading: the gate buffered the result");

            var rows = 1L;
            var bytes = 0L;
            var ids = new HashSet<long>();
            ids.Add(r.GetInt64(0));
            while (await r.ReadAsync())
            {
                rows++;
                bytes += r.GetString(1).Length;
                ids.Add(r.GetInt64(0));
            }

            Assert.Equal(2 * RowsPerShard, rows);
            Assert.Equal(2 * RowsPerShard, ids.Count);
            Assert.True(bytes > 75_000_000, $"{bytes} bytes");
        }

        Assert.Equal(0, await ShardsStillSendingAsync());
    }

    [Fact]
    public async Task Olap_QueriesThatCannotStream_AnswerAsUsual_AndWorkloadIsChecked()
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await new MySqlCommand("set workload = 'olap'", c).ExecuteNonQueryAsync();
        Assert.Equal(1000L, Convert.ToInt64(await new MySqlCommand("select count(*) from sbtest1", c).ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        Assert.Equal("c-00000000007-00000000217", await new MySqlCommand("select c from sbtest1 where id = 7", c).ExecuteScalarAsync());
        Assert.Equal(7L, Convert.ToInt64(await new MySqlCommand("select id from sbtest1 order by id limit 1 offset 6", c).ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        var empty = await new MySqlCommand("select id from sbtest1 where id = 123456789", c).ExecuteScalarAsync();
        Assert.Null(empty);

        var e = await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("set workload = nonsense", c).ExecuteNonQueryAsync());
        Assert.Contains("workload", e.Message, StringComparison.Ordinal);
        await new MySqlCommand("set workload = oltp", c).ExecuteNonQueryAsync();
        Assert.Equal(1000L, Convert.ToInt64(await new MySqlCommand("select count(*) from sbtest1", c).ExecuteScalarAsync(), CultureInfo.InvariantCulture));
    }
}
