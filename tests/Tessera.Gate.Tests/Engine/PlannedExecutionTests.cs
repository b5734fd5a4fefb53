using Tessera.Gate.Engine;
using Tessera.Gate.Planning;
using Tessera.Gate.Tests.Planning;
using Tessera.Sql;
using Tessera.Sql.Normalizing;

namespace Tessera.Gate.Tests.Engine;

// Plans real statements against the fixture VSchema and runs them on a fake cursor: proves the
// gate's part of the answer (routing, merge-sort, limit, aggregation, joins, inserts).
public sealed class PlannedExecutionTests
{
    private static async Task<Result> Run(string sql, FakeVCursor cursor, string? target = null)
    {
        var stmt = SqlParser.Parse(sql);
        var (normalized, bind) = Normalizer.Normalize(stmt);
        var plan = PlanBuilder.Build(normalized, PlanCaseTests.Context(target));
        var bv = bind.ToDictionary(kv => kv.Key, kv => BindValue.Of(Evaluation.EvalTranslator.FromLiteral(kv.Value)), StringComparer.Ordinal);
        return await plan.Instructions.ExecuteAsync(cursor, bv, CancellationToken.None);
    }

    [Fact]
    public async Task EqualUnique_SendsEachSeedCustomerToTheShardItsHashNames()
    {
        // The seeds: customers 1, 2, 3, 5 live in -80 and 4 in 80-.
        foreach (var (id, shard) in new[] { (1, "-80"), (2, "-80"), (3, "-80"), (4, "80-"), (5, "-80") })
        {
            var cursor = new FakeVCursor((_, _, _) => FakeVCursor.Rows("customer_id", [id]));
            await Run($"select * from customer where customer_id = {id}", cursor);
            Assert.Equal([shard], cursor.ShardsQueried("customer"));
        }
    }

    [Fact]
    public async Task In_GivesEachShardOnlyItsOwnValues()
    {
        var cursor = new FakeVCursor((_, _, _) => new Result());
        await Run("select * from customer where customer_id in (1, 4, 5)", cursor);
        var sent = cursor.Log.ToDictionary(l => l.Shard, l => string.Join(",", l.Query.BindVariables["__vals"].Values!.Select(v => v.ToText())));
        Assert.Equal("1,5", sent["-80"]);
        Assert.Equal("4", sent["80-"]);
        Assert.All(cursor.Log, l => Assert.Contains("in ::__vals", l.Query.Sql, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScatterOrderBy_MergeSortsShardsAndDropsTheAddedSortColumn()
    {
        var cursor = new FakeVCursor((_, shard, q) => shard == "-80"
            ? FakeVCursor.Rows("email,customer_id", ["eve", 5], ["charlie", 3], ["bob", 2], ["alice", 1])
            : FakeVCursor.Rows("email,customer_id", ["dan", 4]));
        var r = await Run("select email from customer order by customer_id desc", cursor);
        Assert.Equal(["eve", "dan", "charlie", "bob", "alice"], r.Rows.Select(x => x[0].ToText()));
        Assert.Single(r.Fields);
        Assert.All(cursor.Log, l => Assert.Equal("select email, customer_id from customer order by customer_id desc", l.Query.Sql));
    }

    [Fact]
    public async Task LimitWithOffset_AsksEachShardForOffsetPlusCountAndAppliesBoth()
    {
        var cursor = new FakeVCursor((_, shard, _) => shard == "-80"
            ? FakeVCursor.Rows("customer_id", [1], [2], [3])
            : FakeVCursor.Rows("customer_id", [4]));
        var r = await Run("select customer_id from customer order by customer_id limit 1, 2", cursor);
        Assert.Equal(["2", "3"], r.Rows.Select(x => x[0].ToText()));
        Assert.All(cursor.Log, l => Assert.EndsWith("limit 3", l.Query.Sql, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GroupBy_MergesPartialCountsSumsAveragesMinAndMax()
    {
        // Per-shard partials of corder (seeds): -80 holds orders of customers 1, 2, 3, 5; 80- of 4.
        var cursor = new FakeVCursor((_, shard, q) => shard == "-80"
            ? FakeVCursor.Rows("sku,count(*),sum(price),sum(price),min(price),max(price),count(price)",
                ["SKU-1001", 1, 100m, 100m, 100, 100, 1], ["SKU-1002", 3, 90m, 90m, 30, 30, 3])
            : FakeVCursor.Rows("sku,count(*),sum(price),sum(price),min(price),max(price),count(price)",
                ["SKU-1002", 1, 30m, 30m, 30, 30, 1]));
        var r = await Run("select sku, count(*), sum(price), avg(price), min(price), max(price) from corder group by sku", cursor);
        Assert.Equal(
            [["SKU-1001", "1", "100", "100.0000", "100", "100"], ["SKU-1002", "4", "120", "30.0000", "30", "30"]],
            FakeVCursor.Texts(r));
        Assert.Equal(6, r.Fields.Count);
    }

    [Fact]
    public async Task CountDistinct_CountsValuesSeenOnSeveralShardsOnce()
    {
        var cursor = new FakeVCursor((_, shard, _) => shard == "-80"
            ? FakeVCursor.Rows("sku", ["SKU-1001"], ["SKU-1002"])
            : FakeVCursor.Rows("sku", ["SKU-1002"], ["SKU-1003"]));
        var r = await Run("select count(distinct sku) from corder", cursor);
        Assert.Equal("3", r.Rows.Single()[0].ToText());
    }

    [Fact]
    public async Task ScalarCount_OnEmptyShardsIsOneRowOfZero()
    {
        var cursor = new FakeVCursor((_, _, _) => FakeVCursor.Rows("count(*)", [0]));
        var r = await Run("select count(*) from corder where price > 1000", cursor);
        Assert.Equal("0", r.Rows.Single()[0].ToText());
    }

    [Fact]
    public async Task HavingAndOrderByAggregate_RunAfterTheMerge()
    {
        var cursor = new FakeVCursor((_, shard, _) => shard == "-80"
            ? FakeVCursor.Rows("sku,count(*)", ["a", 1], ["b", 2], ["c", 5])
            : FakeVCursor.Rows("sku,count(*)", ["a", 1], ["b", 2]));
        var r = await Run("select sku, count(*) as c from corder group by sku having c > 2 order by c desc", cursor);
        Assert.Equal([["c", "5"], ["b", "4"]], FakeVCursor.Texts(r));
    }

    [Fact]
    public async Task Distinct_KeepsEachRowOnceAcrossShards()
    {
        var cursor = new FakeVCursor((_, shard, _) => shard == "-80"
            ? FakeVCursor.Rows("sku", ["SKU-1001"], ["SKU-1002"])
            : FakeVCursor.Rows("sku", ["sku-1002"]));
        var r = await Run("select distinct sku from corder", cursor);
        Assert.Equal(2, r.Rows.Count);
    }

    [Fact]
    public async Task NestedLoopJoin_BindsEachLeftRowIntoTheRightQuery()
    {
        var cursor = new FakeVCursor((ks, shard, q) =>
        {
            if (ks == "customer")
            {
                return shard == "-80" ? FakeVCursor.Rows("order_id,sku", [1, "SKU-1001"], [2, "SKU-1002"]) : FakeVCursor.Rows("order_id,sku", [4, "SKU-9"]);
            }

            var sku = q.BindVariables["o_sku"].Value.ToText();
            return sku switch
            {
                "SKU-1001" => FakeVCursor.Rows("description", ["Monitor"]),
                "SKU-1002" => FakeVCursor.Rows("description", ["Keyboard"]),
                _ => FakeVCursor.Rows("description"),
            };
        });
        var r = await Run("select o.order_id, p.description from corder o join product p on p.sku = o.sku", cursor);
        Assert.Equal([["1", "Monitor"], ["2", "Keyboard"]], FakeVCursor.Texts(r));
        var left = await Run("select o.order_id, p.description from corder o left join product p on p.sku = o.sku", cursor);
        Assert.Equal([["1", "Monitor"], ["2", "Keyboard"], ["4", "NULL"]], FakeVCursor.Texts(left));
    }

    [Fact]
    public async Task Insert_TakesIdsFromTheSequenceAndSplitsRowsByHash()
    {
        var cursor = new FakeVCursor((ks, _, q) => ks == "commerce" ? (q.Sql.StartsWith("insert", StringComparison.Ordinal) ? new Result() : FakeVCursor.Rows("nextval", [1])) : new Result { RowsAffected = (ulong)q.Sql.Split("), (").Length });
        var r = await Run("insert into customer(email) values ('alice@domain.com'), ('bob@domain.com'), ('charlie@domain.com'), ('dan@domain.com'), ('eve@domain.com')", cursor);
        Assert.Equal(5UL, r.RowsAffected);
        Assert.Equal(1UL, r.InsertId);
        Assert.Equal(1UL, cursor.LastInsertId);
        var seq = cursor.Log.Single(l => l.Keyspace == "commerce" && l.Query.Sql.StartsWith("select next", StringComparison.Ordinal));
        Assert.Equal("select next :n values from customer_seq", seq.Query.Sql);
        Assert.Equal("5", seq.Query.BindVariables["n"].Value.ToText());
        var low = cursor.Log.Single(l => l.Shard == "-80").Query;
        var high = cursor.Log.Single(l => l.Shard == "80-").Query;
        Assert.Equal("insert into customer(email, customer_id) values (:vtg1, :__seq0), (:vtg2, :__seq1), (:vtg3, :__seq2), (:vtg5, :__seq4)", low.Sql);
        Assert.Equal("insert into customer(email, customer_id) values (:vtg4, :__seq3)", high.Sql);
        Assert.Equal("4", high.BindVariables["__seq3"].Value.ToText());
    }

    [Fact]
    public async Task UnionAll_ConcatenatesRoutesOfDifferentKeyspaces()
    {
        var cursor = new FakeVCursor((ks, shard, _) => FakeVCursor.Rows("sku", [ks + "/" + shard]));
        var r = await Run("select sku from product union all select sku from corder", cursor);
        Assert.Equal(["commerce/0", "customer/-80", "customer/80-"], r.Rows.Select(x => x[0].ToText()));
    }

    [Fact]
    public async Task GateFunctions_AnswerFromTheSession()
    {
        var cursor = new FakeVCursor((_, _, _) => throw new InvalidOperationException("no tablet should be asked")) { CurrentKeyspace = "customer", LastInsertId = 42 };
        var r = await Run("select database(), last_insert_id(), @@version", cursor);
        Assert.Equal("customer", r.Rows[0][0].ToText());
        Assert.Equal("42", r.Rows[0][1].ToText());
        Assert.EndsWith("-Tessera", r.Rows[0][2].ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FourShardScatter_AsksEveryShard()
    {
        var cursor = new FakeVCursor((_, _, _) => FakeVCursor.Rows("count(*)", [2]));
        var r = await Run("select count(*) from merchant", cursor);
        Assert.Equal("8", r.Rows.Single()[0].ToText());
        Assert.Equal(4, cursor.Log.Count);
    }
}
