using System.Runtime.CompilerServices;
using Tessera.Gate.Engine;
using Tessera.Gate.Planning;
using Tessera.Gate.Tests.Planning;
using Tessera.Sql;
using Tessera.Sql.Normalizing;

namespace Tessera.Gate.Tests.Engine;

// Streaming execution (`workload = olap`) of real plans on a fake streaming cursor: the streamed
// answer is the buffered one, whatever the batch size (merge-sort across shards, hidden columns,
// LIMIT/OFFSET, GROUP BY with HAVING, scalar aggregates, DISTINCT, ORDER BY an aggregate, joins);
// LIMIT stops the shard streams; the gate reads a bounded number of batches ahead of its reader.
public sealed class StreamingExecutionTests
{
    private static readonly string[] Skus = ["SKU-1", "sku-1", "SKU-2", "Sku-3", "sku-10", "SKU-10"];

    // corder rows per shard: (order_id, sku, price); about one price in eight is NULL.
    private static readonly Dictionary<string, List<(long Id, string Sku, long? Price)>> Orders = MakeOrders();

    private static Dictionary<string, List<(long Id, string Sku, long? Price)>> MakeOrders()
    {
        var random = new Random(7);
        var orders = new Dictionary<string, List<(long, string, long?)>>(StringComparer.Ordinal) { ["-80"] = [], ["80-"] = [] };
        for (var id = 1; id <= 90; id++)
        {
            orders[random.Next(3) == 0 ? "80-" : "-80"].Add((id, Skus[random.Next(Skus.Length)], random.Next(8) == 0 ? null : random.Next(10)));
        }

        return orders;
    }

    private static Plan PlanOf(string sql, out Dictionary<string, BindValue> bindVariables)
    {
        var (normalized, literals) = Normalizer.Normalize(SqlParser.Parse(sql));
        bindVariables = literals.ToDictionary(kv => kv.Key, kv => BindValue.Of(Gate.Evaluation.EvalTranslator.FromLiteral(kv.Value)), StringComparer.Ordinal);
        return PlanBuilder.Build(normalized, PlanCaseTests.Context(null));
    }

    private static async Task<Result> Buffered(string sql, FakeVCursor cursor)
    {
        var plan = PlanOf(sql, out var bv);
        return await plan.Instructions.ExecuteAsync(cursor, bv, CancellationToken.None);
    }

    private static async Task<Result> Streamed(string sql, FakeStreamCursor cursor)
    {
        var plan = PlanOf(sql, out var bv);
        Assert.True(Streaming.CanStream(plan.Instructions), $"{sql} does not stream");
        Result? all = null;
        await foreach (var batch in Streaming.StreamAsync(plan.Instructions, cursor, bv, CancellationToken.None))
        {
            if (all is null)
            {
                Assert.NotEmpty(batch.Fields);
                all = new Result(batch.Fields, [.. batch.Rows]);
            }
            else
            {
                all.Rows.AddRange(batch.Rows);
            }
        }

        return all ?? throw new InvalidOperationException("no batches");
    }

    private static Value Int(long? v) => v is { } x ? Value.FromInt64(x) : Value.Null;

    private static Result Sorted(string columns, IEnumerable<Value[]> rows, params OrderByParam[] keys)
    {
        var list = rows.ToList();
        list.Sort((a, b) => OrderByParam.CompareRows(keys, a, b));
        return Shaped(columns, list);
    }

    private static Result Shaped(string columns, List<Value[]> rows) =>
        new([.. columns.Split(',').Select((c, i) => new Field(c, rows.Count > 0 && !rows[0][i].IsNull ? rows[0][i].Type : Rpc.Query.Type.Int64))], rows);

    // What MariaDB would answer on one shard, for the queries the planner pushes down below.
    private static Result ShardAnswer(string shard, string sql)
    {
        var orders = Orders[shard];
        if (sql.StartsWith("select order_id, price from corder order by price desc, order_id", StringComparison.Ordinal))
        {
            return Sorted("order_id,price", orders.Select(o => new[] { Int(o.Id), Int(o.Price) }), new OrderByParam(1, true), new OrderByParam(0, false));
        }

        if (sql == "select sku, price, order_id from corder order by price, order_id")
        {
            return Sorted("sku,price,order_id", orders.Select(o => new[] { Value.FromString(o.Sku), Int(o.Price), Int(o.Id) }), new OrderByParam(1, false), new OrderByParam(2, false));
        }

        if (sql.StartsWith("select sku, count(*), sum(price), min(price), max(price) from corder group by sku order by sku asc", StringComparison.Ordinal)
            || sql.StartsWith("select sku, count(*) from corder group by sku order by sku asc", StringComparison.Ordinal))
        {
            // Grouped as a _ci collation groups: 'SKU-1' and 'sku-1' are one group.
            var full = sql.Contains("sum(price)", StringComparison.Ordinal);
            var groups = orders.GroupBy(o => o.Sku, StringComparer.OrdinalIgnoreCase).Select(g => full
                ? new[] { Value.FromString(g.First().Sku), Int(g.Count()), g.All(o => o.Price is null) ? Value.Null : Value.FromDecimal(g.Sum(o => o.Price ?? 0)), Int(g.Min(o => o.Price)), Int(g.Max(o => o.Price)) }
                : [Value.FromString(g.First().Sku), Int(g.Count())]);
            return Sorted(full ? "sku,count(*),sum(price),min(price),max(price)" : "sku,count(*)", groups, new OrderByParam(0, false));
        }

        if (sql == "select count(*), sum(price) from corder")
        {
            return Shaped("count(*),sum(price)", [[Int(orders.Count), Value.FromDecimal(orders.Sum(o => o.Price ?? 0))]]);
        }

        if (sql == "select sku from corder group by sku order by sku asc")
        {
            return Sorted("sku", orders.DistinctBy(o => o.Sku, StringComparer.OrdinalIgnoreCase).Select(o => new[] { Value.FromString(o.Sku) }), new OrderByParam(0, false));
        }

        if (sql == "select distinct sku from corder")
        {
            return Shaped("sku", [.. orders.DistinctBy(o => o.Sku, StringComparer.Ordinal).Select(o => new[] { Value.FromString(o.Sku) })]);
        }

        if (sql.StartsWith("select o.order_id, o.sku from corder as o", StringComparison.Ordinal) || sql.StartsWith("select o.order_id, o.sku from corder o", StringComparison.Ordinal))
        {
            return Shaped("order_id,sku", [.. orders.Select(o => new[] { Int(o.Id), Value.FromString(o.Sku) })]);
        }

        throw new InvalidOperationException("unexpected query on " + shard + ": " + sql);
    }

    private static FakeVCursor Fake() => new((ks, shard, q) => ks == "commerce"
        ? q.BindVariables["o_sku"].Value.ToText() is "SKU-1" or "SKU-2" ? FakeVCursor.Rows("description", ["item " + q.BindVariables["o_sku"].Value.ToText()]) : FakeVCursor.Rows("description")
        : ShardAnswer(shard, q.Sql));

    public static TheoryData<string, int> Queries()
    {
        string[] queries =
        [
            "select order_id, price from corder order by price desc, order_id",
            "select sku from corder order by price, order_id",
            "select order_id, price from corder order by price desc, order_id limit 7 offset 3",
            "select order_id, price from corder order by price desc, order_id limit 0",
            "select order_id, price from corder order by price desc, order_id limit 500 offset 80",
            "select sku, count(*), sum(price), min(price), max(price) from corder group by sku having count(*) > 12",
            "select sku, count(*), sum(price), min(price), max(price) from corder group by sku",
            "select count(*), sum(price) from corder",
            "select count(distinct sku) from corder",
            "select sku, count(*) from corder group by sku order by count(*) desc, sku",
            "select sku, count(*) from corder group by sku limit 2",
            "select distinct sku from corder",
            "select o.order_id, p.description from corder o join product p on p.sku = o.sku",
            "select o.order_id, p.description from corder o left join product p on p.sku = o.sku",
        ];
        var data = new TheoryData<string, int>();
        foreach (var q in queries)
        {
            foreach (var rowsPerBatch in new[] { 1, 4, 1000 })
            {
                data.Add(q, rowsPerBatch);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Streamed_AnswersExactlyAsBuffered(string sql, int rowsPerBatch)
    {
        var buffered = await Buffered(sql, Fake());
        var streamed = await Streamed(sql, new FakeStreamCursor(Fake(), rowsPerBatch));
        Assert.Equal(buffered.Fields, streamed.Fields);
        if (sql.Contains("order by", StringComparison.Ordinal) || sql.Contains("group by", StringComparison.Ordinal) || !sql.Contains(" from corder o", StringComparison.Ordinal) && !sql.Contains("distinct sku from", StringComparison.Ordinal))
        {
            Assert.Equal(FakeVCursor.Texts(buffered), FakeVCursor.Texts(streamed));
            Assert.Equal(buffered.Rows.Select(r => r.Select(v => v.Type)), streamed.Rows.Select(r => r.Select(v => v.Type)));
            return;
        }

        // Without ORDER BY the shards' rows interleave as they arrive (any order is right, as in
        // MySQL), and DISTINCT keeps whichever spelling of a case-insensitive value came first.
        static string[] Set(Result r) => [.. r.Rows.Select(x => string.Join("|", x.Select(v => v.ToText()?.ToUpperInvariant() ?? "NULL"))).Order(StringComparer.Ordinal)];
        Assert.Equal(Set(buffered), Set(streamed));
    }

    [Fact]
    public async Task Streamed_MergeSort_IsInOrderAcrossShards_WithNullsLastWhenDescending()
    {
        var r = await Streamed("select order_id, price from corder order by price desc, order_id", new FakeStreamCursor(Fake(), 3));
        var expected = Orders.Values.SelectMany(o => o).OrderBy(o => o.Price is null).ThenByDescending(o => o.Price).ThenBy(o => o.Id).Select(o => o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, r.Rows.Select(x => x[0].ToText()));
        Assert.Equal(2, r.Fields.Count);

        var hidden = await Streamed("select sku from corder order by price, order_id", new FakeStreamCursor(Fake(), 3));
        Assert.Equal(90, hidden.Rows.Count);
        Assert.Single(hidden.Fields);
        Assert.All(hidden.Rows, row => Assert.Single(row));
    }

    [Fact]
    public async Task Streamed_GroupBy_MergesGroupsThatDifferOnlyInCase()
    {
        var r = await Streamed("select sku, count(*), sum(price), min(price), max(price) from corder group by sku", new FakeStreamCursor(Fake(), 2));
        Assert.Equal(4, r.Rows.Count); // SKU-1, SKU-10, SKU-2, Sku-3 (case-insensitive groups)
        Assert.Equal(90, r.Rows.Sum(x => long.Parse(x[1].ToText()!, System.Globalization.CultureInfo.InvariantCulture)));
    }

    // Sorted endless shard streams: customer_id shardIndex, shardIndex + 2, ... in batches of 10.
    private static async IAsyncEnumerable<Result> Endless(string shard, int failAfter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var first = shard == "-80" ? 0 : 1;
        yield return new Result(FakeVCursor.Rows("email,customer_id").Fields, []);
        for (var batch = 0; batch < 1_000_000; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (batch == failAfter)
            {
                throw new InvalidOperationException("shard " + shard + " failed");
            }

            var rows = new List<Value[]>(10);
            for (var i = 0; i < 10; i++)
            {
                var id = first + (2 * ((batch * 10) + i));
                rows.Add([Value.FromString("user" + id), Value.FromInt64(id)]);
            }

            await Task.Yield();
            yield return new Result([], rows);
        }
    }

    private static FakeStreamCursor EndlessCursor(string? failingShard = null) =>
        new(new FakeVCursor((_, _, _) => throw new InvalidOperationException("streams only")), 10)
        {
            Source = (_, shard, _) => Endless(shard, shard == failingShard ? 2 : -1),
        };

    [Theory]
    [InlineData("select email from customer order by customer_id limit 5")]
    [InlineData("select email from customer order by customer_id limit 5 offset 12")]
    [InlineData("select email, customer_id from customer limit 5")]
    public async Task Streamed_Limit_StopsAndCancelsEveryShardStream(string sql)
    {
        var cursor = EndlessCursor();
        var r = await Streamed(sql, cursor);
        Assert.Equal(5, r.Rows.Count);
        if (sql.Contains("order by", StringComparison.Ordinal))
        {
            var skip = sql.Contains("offset", StringComparison.Ordinal) ? 12 : 0;
            Assert.Equal(Enumerable.Range(skip, 5).Select(i => "user" + i), r.Rows.Select(x => x[0].ToText()));
        }

        // Every shard stream that began was left early (without ORDER BY, one may not have begun).
        Assert.Equal(cursor.BatchesSent.Keys.Order(StringComparer.Ordinal), cursor.LeftEarly.Order(StringComparer.Ordinal));
        Assert.NotEmpty(cursor.LeftEarly);
        Assert.Empty(cursor.Ended);
        Assert.All(cursor.BatchesSent.Values, n => Assert.True(n < 10, $"{n} batches read"));
    }

    [Fact]
    public async Task Streamed_MergeSort_ReadsABoundedNumberOfBatchesAheadOfItsReader()
    {
        var cursor = EndlessCursor();
        var plan = PlanOf("select email from customer order by customer_id", out var bv);
        var read = 0;
        await using (var e = Streaming.StreamAsync(plan.Instructions, cursor, bv, CancellationToken.None).GetAsyncEnumerator())
        {
            while (read < 40 && await e.MoveNextAsync())
            {
                read += e.Current.Rows.Count;
            }

            // The reader pauses: the shards' readers fill their small queues and stop.
            int[] before;
            int[] after;
            var waits = 0;
            do
            {
                before = Snapshot(cursor);
                await Task.Delay(100);
                after = Snapshot(cursor);
            }
            while (!before.SequenceEqual(after) && ++waits < 30);

            // 40 rows read = about 2 batches a shard; then its queue, the batch being merged and one waiting to be queued.
            Assert.All(after, n => Assert.InRange(n, 2, 3 + ShardStreams.BatchesPerShard + 3));
            Assert.Empty(cursor.LeftEarly);
        }

        Assert.Equal(["-80", "80-"], cursor.LeftEarly.Order(StringComparer.Ordinal));
    }

    private static int[] Snapshot(FakeStreamCursor cursor)
    {
        lock (cursor.BatchesSent)
        {
            return [cursor.BatchesSent.GetValueOrDefault("-80"), cursor.BatchesSent.GetValueOrDefault("80-")];
        }
    }

    [Theory]
    [InlineData("select email from customer order by customer_id")]
    [InlineData("select email, customer_id from customer")]
    public async Task Streamed_AShardsErrorEndsTheQuery_AndStopsTheOtherShards(string sql)
    {
        var cursor = EndlessCursor(failingShard: "80-");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Streamed(sql, cursor));
        Assert.Equal("shard 80- failed", e.Message);
        Assert.Empty(cursor.Ended);
        Assert.Equal(cursor.BatchesSent.Keys.Order(StringComparer.Ordinal), cursor.LeftEarly.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Streamed_LimitZero_AnswersTheColumnsOnly_AndStopsTheShards()
    {
        var cursor = EndlessCursor();
        var r = await Streamed("select email from customer order by customer_id limit 0", cursor);
        Assert.Empty(r.Rows);
        Assert.Equal(["email"], r.Fields.Select(f => f.Name));
        Assert.Equal(["-80", "80-"], cursor.LeftEarly.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Streamed_JoinWithNoLeftRows_StillAnswersBothSidesColumns()
    {
        var fake = new FakeVCursor((ks, _, q) => ks == "commerce" ? FakeVCursor.Rows("description") : FakeVCursor.Rows("order_id,sku"));
        var r = await Streamed("select o.order_id, p.description from corder o join product p on p.sku = o.sku", new FakeStreamCursor(fake, 10));
        Assert.Empty(r.Rows);
        Assert.Equal(["order_id", "description"], r.Fields.Select(f => f.Name));
    }

    [Fact]
    public async Task Streamed_ScalarAggregateOverNoRows_IsOneRow()
    {
        var fake = new FakeVCursor((_, _, _) => FakeVCursor.Rows("count(*),sum(price)"));
        var r = await Streamed("select count(*), sum(price) from corder", new FakeStreamCursor(fake, 10));
        Assert.Equal([["0", "NULL"]], FakeVCursor.Texts(r));
    }
}
