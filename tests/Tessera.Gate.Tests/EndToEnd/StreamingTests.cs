using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MySqlConnector;
using Tessera.Protocol.Client;
using Tessera.Rpc.TabletManager;
using Xunit.Abstractions;

namespace Tessera.Gate.Tests.EndToEnd;

// `set workload = olap`: a scatter SELECT's rows flow to the client as the shards send them, in
// bounded memory, also when the gate merge-sorts them (ORDER BY), aggregates them or runs them as a
// prepared statement. The table `big` holds RowsPerShard rows of about 1 KB on each of the two
// customer shards (80 MB in all, written straight on the shards, odd ids on one and even on the
// other: the scatter read does not care which shard a row is on). The proofs: after the client
// has read one row, and again after it has paused, the shards' MariaDB are still sending their
// rows (a gate that collected the whole result first, or read it regardless of the client, would
// have let both queries finish); the gate's heap grows by far less than the result while it
// streams; a client that leaves mid-stream leaves no tablet stream connection behind. (Under oltp
// the same queries are refused: 80 000 rows is over the tablet's 10 000-row result limit.) Under
// olap every answer is the one oltp gives.
[Collection(GateClusterCollection.Name)]
public sealed class StreamingTests(GateCluster cluster, ITestOutputHelper output) : IAsyncLifetime
{
    private const int RowsPerShard = 40_000;

    private IEnumerable<Tablet.Server.TabletServer> CustomerShards => cluster.Cluster.Tablets.Where(t => t.Config.Keyspace == "customer");

    public async Task InitializeAsync()
    {
        // Odd ids on one shard, even on the other: a merge by id alternates between them.
        var first = 1;
        foreach (var t in CustomerShards)
        {
            await cluster.Cluster.Manager(t).ExecuteFetchAsDbaAsync(new ExecuteFetchAsDbaRequest
            {
                DbName = t.Config.DbName,
                Query = $"insert ignore into big(id, pad) select 2 * seq - 2 + {first}, repeat(char(97 + seq % 26), 1000) from seq_1_to_{RowsPerShard}",
            });
            first++;
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // How many of the shards' MariaDB are running the streamed query right now.
    private Task<int> ShardsStillSendingAsync() => ShardsRunningAsync("select id, pad from big");

    // How many of the shards' MariaDB are running a query whose text starts with `prefix`.
    private async Task<int> ShardsRunningAsync(string prefix)
    {
        var running = 0;
        foreach (var t in CustomerShards)
        {
            await using var c = new MySqlConnection($"Server={t.Mysqld.Mycnf.SocketFile};Protocol=Unix;User ID=vt_dba;SslMode=None;Pooling=false");
            await c.OpenAsync();
            await using var cmd = new MySqlCommand("select count(*) from information_schema.processlist where info like concat(@prefix, '%') and info not like '%processlist%'", c);
            cmd.Parameters.AddWithValue("@prefix", prefix);
            var n = Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
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
    public async Task Olap_SmallQueriesAndQueriesThatCannotStream_AnswerAsUsual_AndWorkloadIsChecked()
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await new MySqlCommand("set workload = 'olap'", c).ExecuteNonQueryAsync();

        // In a transaction (no streaming there), with a locking read and a gate-only SELECT: as usual.
        await using (var tx = await c.BeginTransactionAsync())
        {
            Assert.Equal(1000L, Convert.ToInt64(await new MySqlCommand("select count(*) from sbtest1", c, tx).ExecuteScalarAsync(), CultureInfo.InvariantCulture));
            Assert.Equal("c-00000000009-00000000279", await new MySqlCommand("select c from sbtest1 where id = 9 for update", c, tx).ExecuteScalarAsync());
            await tx.RollbackAsync();
        }

        Assert.Equal("customer", await new MySqlCommand("select database()", c).ExecuteScalarAsync());

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

    // The gate's managed heap over a baseline, after a full collection. The gate runs in this test
    // process (with the tablets and the client), so this bounds what the gate holds.
    private static long HeapGrowth(long baseline) => GC.GetTotalMemory(forceFullCollection: true) - baseline;

    private const long HeapBound = 40_000_000; // half of the 80 MB result

    [Fact]
    public async Task Olap_ScatterOrderBy_MergesTheShardsStreamsAsTheyArrive_InBoundedGateMemory()
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await new MySqlCommand("set workload = olap", c).ExecuteNonQueryAsync();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;

        // ORDER BY an expression not selected: the planner adds it as a hidden column, and both
        // shards' rows interleave in the merge (id % 7 spreads each shard's ids over every key).
        await using (var r = await new MySqlCommand("select id, pad from big order by id % 7, id desc", c).ExecuteReaderAsync())
        {
            Assert.Equal(2, r.FieldCount);
            Assert.True(await r.ReadAsync());
            Assert.True(await ShardsRunningAsync("select id, pad, id % ") > 0, "both shards had finished when the first row arrived");
            await Task.Delay(1500);
            Assert.True(await ShardsRunningAsync("select id, pad, id % ") > 0, "the shards finished while the client was not reading: the gate buffered the result");

            var rows = 1L;
            var previous = r.GetInt64(0);
            var ids = new HashSet<long> { previous };
            while (await r.ReadAsync())
            {
                var id = r.GetInt64(0);
                var inOrder = id % 7 > previous % 7 || (id % 7 == previous % 7 && id < previous);
                Assert.True(inOrder, $"{id} after {previous}");
                Assert.Equal(1000, r.GetString(1).Length);
                previous = id;
                ids.Add(id);
                if (++rows % 10_000 == 0)
                {
                    peak = Math.Max(peak, HeapGrowth(baseline));
                }
            }

            Assert.Equal(2 * RowsPerShard, rows);
            Assert.Equal(2 * RowsPerShard, ids.Count);
        }

        output.WriteLine($"olap ORDER BY over 80 MB: heap growth at most {peak / 1_000_000.0:0.0} MB");
        Assert.True(peak < HeapBound, $"the gate's heap grew by {peak} bytes while streaming 80 MB");
        Assert.Equal(0, await ShardsRunningAsync("select id, pad, id % "));
    }

    [Fact]
    public async Task Olap_GroupByAcrossShards_MergesGroupsAsTheSortedStreamsArrive_WithHavingAfter()
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await new MySqlCommand("set workload = olap", c).ExecuteNonQueryAsync();

        // 80 000 groups (one per id, half on each shard), merged in id order as they stream.
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;
        var groups = 0L;
        await using (var r = await new MySqlCommand("select id, count(*), sum(length(pad)), max(pad) from big group by id", c).ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                groups++;
                Assert.Equal(groups, r.GetInt64(0));
                Assert.Equal(1L, r.GetInt64(1));
                Assert.Equal(1000m, r.GetDecimal(2));
                if (groups % 10_000 == 0)
                {
                    peak = Math.Max(peak, HeapGrowth(baseline));
                }
            }
        }

        Assert.Equal(2 * RowsPerShard, groups);
        output.WriteLine($"olap GROUP BY of 80 000 groups: heap growth at most {peak / 1_000_000.0:0.0} MB");
        Assert.True(peak < HeapBound, $"the gate's heap grew by {peak} bytes while aggregating");

        // Each g = id % 1000 has 80 ids: sum(id) is 80g + 3 160 000 (3 240 000 for g = 0), so the
        // HAVING keeps g = 0 and g = 501..999, applied after the shards' partial groups are merged.
        var rows = await RowsAsync(new MySqlCommand("select id % 1000 as g, count(*) as n, sum(id) as s from big group by g having s > 3200000", c));
        var expected = new[] { 0 }.Concat(Enumerable.Range(501, 499))
            .Select(g => $"{g}|80|{(g == 0 ? 3_240_000 : (80 * g) + 3_160_000)}").ToList();
        Assert.Equal(expected, rows);
    }

    private static async Task<List<string>> RowsAsync(MySqlCommand command)
    {
        var rows = new List<string>();
        await using var r = await command.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "NULL" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    // Queries whose answer does not depend on row order are compared as sets.
    private static void AssertSameAnswer(string sql, List<string> expected, List<string> actual)
    {
        if (!sql.Contains("order by", StringComparison.Ordinal) && !sql.Contains("group by", StringComparison.Ordinal))
        {
            expected = [.. expected.Order(StringComparer.Ordinal)];
            actual = [.. actual.Order(StringComparer.Ordinal)];
        }

        Assert.True(expected.SequenceEqual(actual), $"{sql}\n  oltp: {string.Join("; ", expected.Take(20))}\n  olap: {string.Join("; ", actual.Take(20))}");
        Assert.NotEmpty(expected);
    }

    private static readonly string[] SbtestQueries =
    [
        "select id, k, c from sbtest1 order by k, id",
        "select c from sbtest1 order by k desc, id",
        "select id, pad from sbtest1 order by pad desc limit 10 offset 495",
        "select id from sbtest1 order by id limit 0",
        "select c, id from sbtest1 order by id % 10, id desc limit 25",
        "select k % 10, count(*), sum(id), min(c), max(c), avg(k) from sbtest1 group by k % 10",
        "select k % 10 as g, count(*) as n, sum(id) as s from sbtest1 group by g having s > 50000",
        "select k % 10 as g, count(*) as n from sbtest1 where id > 40 group by g order by n desc, g limit 3",
        "select count(*), sum(k), min(c), max(pad), avg(id) from sbtest1",
        "select count(*) from sbtest1 where id > 100000",
        "select count(distinct k % 13) from sbtest1",
        "select distinct k % 13 as m from sbtest1 order by m",
        "select id, c from sbtest1 where id in (3, 77, 500, 999) order by id desc",
        "select id from sbtest1 where id = 123456789",
        "select a.id, b.c from sbtest1 a join sbtest1 b on a.k = b.id where a.id < 30",
        "select a.id, b.c from sbtest1 a left join sbtest1 b on b.id = a.k + 1000 where a.id < 10",
        "select id from sbtest1 where id < 5 union all select id from sbtest1 where id > 995",
    ];

    [Fact]
    public async Task Olap_AnswersExactlyAsOltp_ForMergeSortLimitAggregatesJoins_TextAndPrepared()
    {
        await using var oltp = cluster.Connect("customer");
        await oltp.OpenAsync();
        await using var olap = cluster.Connect("customer");
        await olap.OpenAsync();
        await new MySqlCommand("set workload = olap", olap).ExecuteNonQueryAsync();
        foreach (var sql in SbtestQueries)
        {
            var expected = await RowsAsync(new MySqlCommand(sql, oltp));
            if (sql.Contains("123456789", StringComparison.Ordinal) || sql.Contains("100000", StringComparison.Ordinal) || sql.Contains("limit 0", StringComparison.Ordinal))
            {
                Assert.Equal(expected, await RowsAsync(new MySqlCommand(sql, olap)));
                continue;
            }

            AssertSameAnswer(sql, expected, await RowsAsync(new MySqlCommand(sql, olap)));
        }

        // The same through prepared statements (binary rows), a parameter in place of a number.
        string[] prepared =
        [
            "select id, k, c from sbtest1 where id > @p order by k, id",
            "select c from sbtest1 where id > @p order by k desc, id limit 20 offset 5",
            "select k % 10, count(*), sum(id), min(c), avg(k) from sbtest1 where id > @p group by k % 10",
            "select count(*), max(c) from sbtest1 where id > @p",
            "select a.id, b.c from sbtest1 a join sbtest1 b on a.k = b.id where a.id < @p",
        ];
        foreach (var sql in prepared)
        {
            var answers = new List<List<string>>();
            foreach (var c in new[] { oltp, olap })
            {
                await using var command = new MySqlCommand(sql, c);
                command.Parameters.AddWithValue("@p", 30);
                await command.PrepareAsync();
                answers.Add(await RowsAsync(command));
                command.Parameters["@p"].Value = 900;
                answers.Add(await RowsAsync(command));
            }

            AssertSameAnswer(sql, answers[0], answers[2]);
            AssertSameAnswer(sql, answers[1], answers[3]);
        }
    }

    [Fact]
    public async Task Olap_PreparedScatterOrderBy_StreamsBinaryRows_OverTheBufferedRowLimit()
    {
        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await new MySqlCommand("set workload = olap", c).ExecuteNonQueryAsync();
        await using var command = new MySqlCommand("select id, pad from big where id > @min order by id % 7, id desc", c);
        command.Parameters.AddWithValue("@min", 100);
        await command.PrepareAsync();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;
        await using (var r = await command.ExecuteReaderAsync())
        {
            Assert.True(await r.ReadAsync());
            Assert.True(await ShardsRunningAsync("select id, pad, id % ") > 0, "both shards had finished when the first row arrived");
            var rows = 1L;
            var previous = r.GetInt64(0);
            while (await r.ReadAsync())
            {
                var id = r.GetInt64(0);
                Assert.True(id % 7 > previous % 7 || (id % 7 == previous % 7 && id < previous), $"{id} after {previous}");
                Assert.True(id > 100);
                previous = id;
                if (++rows % 10_000 == 0)
                {
                    peak = Math.Max(peak, HeapGrowth(baseline));
                }
            }

            Assert.Equal((2 * RowsPerShard) - 100, rows);
        }

        output.WriteLine($"olap prepared ORDER BY over 80 MB: heap growth at most {peak / 1_000_000.0:0.0} MB");
        Assert.True(peak < HeapBound, $"the gate's heap grew by {peak} bytes while streaming 80 MB");
    }

    // The tablets' stream pool connections lent now (their /metrics), summed over the customer shards.
    private async Task<long> StreamConnectionsInUseAsync()
    {
        using var http = new HttpClient();
        var total = 0L;
        foreach (var t in CustomerShards)
        {
            var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{t.WebPort}/metrics"));
            var m = Regex.Match(text, @"^vttablet_pool_in_use\{[^}]*""stream""[^}]*\} (\d+)", RegexOptions.Multiline);
            Assert.True(m.Success, "no stream pool gauge in the tablet's metrics");
            total += long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return total;
    }

    [Fact]
    public async Task Olap_ClientGoneMidStream_EndsTheShardStreams_AndTheGateServesOn()
    {
        for (var i = 0; i < 3; i++)
        {
            var client = await MySqlClientConnection.ConnectAsync(new MySqlClientOptions { Port = cluster.GatePort, Database = "customer" });
            await client.ExecuteAsync("set workload = olap");
            var reader = await client.QueryAsync(i == 0 ? "select id, pad from big order by id % 7, id desc" : "select id, pad from big order by id");
            for (var n = 0; n < 100; n++)
            {
                Assert.True(await reader.ReadAsync());
            }

            Assert.True(await StreamConnectionsInUseAsync() > 0);

            // The socket closes with the result unread (no COM_QUIT: a reader is still open).
            await client.DisposeAsync();
        }

        // The gate notices on its next write, cancels the shard streams, and the tablets give their
        // stream connections back.
        var clock = Stopwatch.StartNew();
        while (await StreamConnectionsInUseAsync() > 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
        }

        Assert.Equal(0, await StreamConnectionsInUseAsync());
        Assert.Equal(0, await ShardsRunningAsync("select id, pad from big"));

        await using var c = cluster.Connect("customer");
        await c.OpenAsync();
        await new MySqlCommand("set workload = olap", c).ExecuteNonQueryAsync();
        Assert.Equal(["79999|1000", "80000|1000"], await RowsAsync(new MySqlCommand("select id, length(pad) from big order by id limit 2 offset 79998", c)));
        Assert.Equal(["80000"], await RowsAsync(new MySqlCommand("select count(*) from big", c)));
    }
}
