using System.Globalization;
using MySqlConnector;
using Tessera.Keys;
using Tessera.Testing;
using Tessera.Vindexes;

namespace Tessera.Gate.Tests.EndToEnd;

// The seeds' customer keyspace on four shards (-40, 40-80, 80-c0, c0-) behind the real gate, and
// beside it one plain MariaDB holding all the same rows: every scatter query must answer exactly
// as that one database does.
public sealed class FourShardTests : IAsyncLifetime
{
    private static readonly string[] Shards = ["-40", "40-80", "80-c0", "c0-"];
    private static readonly string[] Skus = ["SKU-1001", "SKU-1002", "SKU-1003", "SKU-1004"];
    private const int Customers = 24;

    private readonly TabletCluster _cluster = new();
    private TestMariaDb? _reference;

    public async Task InitializeAsync()
    {
        await _cluster.StartShardAsync(100, "commerce", "0", replicas: 0, SeedsSchema.Commerce);
        for (var i = 0; i < Shards.Length; i++)
        {
            await _cluster.StartShardAsync(200 + (100 * (uint)i), "customer", Shards[i], replicas: 0, SeedsSchema.Customer);
        }

        await _cluster.StartGateAsync(SeedsSchema.SrvVSchema);
        _reference = await TestMariaDb.StartAsync();
        await _reference.ExecuteAsync("create database seeds");
        await _reference.ExecuteAsync(SeedsSchema.Customer.Replace("auto_increment", "", StringComparison.Ordinal) +
            "create table product(sku varbinary(128), description varbinary(128), price bigint, primary key(sku));", "seeds");
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        if (_reference is not null)
        {
            await _reference.DisposeAsync();
        }
    }

    private static async Task<List<string>> RowsAsync(MySqlConnection c, string sql, MySqlTransaction? tx = null)
    {
        var rows = new List<string>();
        await using var r = await new MySqlCommand(sql, c, tx).ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var cells = new string[r.FieldCount];
            for (var i = 0; i < r.FieldCount; i++)
            {
                cells[i] = r.IsDBNull(i) ? "NULL" : r.GetValue(i) is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture)!;
            }

            rows.Add(string.Join("|", cells));
        }

        return rows;
    }

    private static async Task ExecAsync(MySqlConnection c, string sql) => await new MySqlCommand(sql, c).ExecuteNonQueryAsync();

    [Fact]
    public async Task Seeds_OnFourShards_RowsLandByHash_AndScatterQueriesAnswerAsOneDatabase()
    {
        await using var gate = _cluster.Connect("customer");
        await gate.OpenAsync();
        await using var reference = await _reference!.OpenAsync("seeds");

        // Customers and orders without ids: the ids come from customer_seq and order_seq, one
        // block per statement, LAST_INSERT_ID the first of them as MySQL's auto-increment does.
        var emails = Enumerable.Range(1, Customers).Select(i => $"user{i:D2}@domain.com").ToList();
        await using (var insert = new MySqlCommand("insert into customer(email) values " + string.Join(",", emails.Select(e => $"('{e}')")), gate))
        {
            Assert.Equal(Customers, await insert.ExecuteNonQueryAsync());
            Assert.Equal(1, insert.LastInsertedId);
        }

        var orders = new List<(long Customer, string Sku, long Price)>();
        for (var id = 1; id <= Customers; id++)
        {
            for (var k = 0; k < 1 + (id % 3); k++)
            {
                orders.Add((id, Skus[(id + k) % Skus.Length], 10 * ((id * 7 + k * 3) % 11)));
            }
        }

        await using (var insert = new MySqlCommand("insert into corder(customer_id, sku, price) values " + string.Join(",", orders.Select(o => $"({o.Customer}, '{o.Sku}', {o.Price})")), gate))
        {
            Assert.Equal(orders.Count, await insert.ExecuteNonQueryAsync());
            Assert.Equal(1, insert.LastInsertedId);
        }

        await ExecAsync(gate, "use commerce");
        await ExecAsync(gate, "insert into product(sku, description, price) values ('SKU-1001', 'monitor', 100), ('SKU-1002', 'keyboard', 30), ('SKU-1003', 'mouse', 20)");
        await ExecAsync(gate, "use customer");

        await ExecAsync(reference, "insert into customer(customer_id, email) values " + string.Join(",", emails.Select((e, i) => $"({i + 1}, '{e}')")));
        await ExecAsync(reference, "insert into corder(order_id, customer_id, sku, price) values " + string.Join(",", orders.Select((o, i) => $"({i + 1}, {o.Customer}, '{o.Sku}', {o.Price})")));
        await ExecAsync(reference, "insert into product(sku, description, price) values ('SKU-1001', 'monitor', 100), ('SKU-1002', 'keyboard', 30), ('SKU-1003', 'mouse', 20)");

        // Each row is on the shard whose key range holds hash(customer_id), and only there.
        foreach (var shard in Shards)
        {
            await using var one = _cluster.Connect("customer/" + shard);
            await one.OpenAsync();
            var range = KeyRange.Parse(shard);
            var expected = Enumerable.Range(1, Customers).Where(id => range.Contains(HashVindex.Hash((ulong)id))).Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, await RowsAsync(one, "select customer_id from customer order by customer_id"));
            Assert.Equal(expected, await RowsAsync(one, "select distinct customer_id from corder order by customer_id"));
        }

        string[] queries =
        [
            "select customer_id, email from customer order by customer_id",
            "select order_id, customer_id, sku, price from corder order by order_id",
            "select order_id, price from corder order by price desc, order_id limit 7",
            "select order_id from corder order by order_id limit 5 offset 10",
            "select email from customer order by customer_id desc limit 3",
            "select count(*) from corder",
            "select count(*), sum(price), min(price), max(price) from corder",
            "select avg(price) from corder where sku = 'SKU-1002'",
            "select sku, count(*), sum(price), min(price), max(price) from corder group by sku order by sku",
            "select customer_id, count(*) from corder group by customer_id having count(*) > 1 order by customer_id",
            "select sku, count(*) from corder group by sku order by count(*) desc, sku limit 2",
            "select count(distinct sku) from corder",
            "select distinct sku from corder order by sku",
            "select price from corder where customer_id in (1, 4, 9, 17) order by order_id",
            // Joined on the vindex column: pushed to each shard.
            "select c.email, o.sku, o.price from customer c join corder o on c.customer_id = o.customer_id where o.price > 50 order by o.order_id",
            // Across shards and keyspaces: nested-loop joins (without ORDER BY compared as sets).
            "select a.order_id, b.order_id from corder a join corder b on a.sku = b.sku where a.customer_id = 1 and b.customer_id = 4",
            "select o.order_id, p.description from corder o join commerce.product p on o.sku = p.sku",
            "select c.email, o.order_id from customer c join corder o on c.email = concat('user0', o.customer_id, '@domain.com') where o.price >= 50",
            // Ordered by the right side's columns: sorted in the gate, LIMIT after, hidden keys dropped.
            "select o.order_id, p.description from corder o join commerce.product p on o.sku = p.sku order by p.description, o.order_id",
            "select o.order_id from corder o join commerce.product p on o.sku = p.sku order by p.price desc, o.order_id limit 5",
            "select o.order_id, p.description as d from corder o join commerce.product p on o.sku = p.sku order by d desc, 1 limit 2, 4",
            "select a.order_id, b.order_id from corder a join corder b on a.sku = b.sku where a.customer_id = 1 and b.customer_id = 4 order by b.order_id desc, a.order_id",
            "select o.order_id, p.price from corder o left join commerce.product p on o.sku = p.sku order by p.price, o.order_id limit 12",
            // A derived table over a scatter: the outer query applied in the gate.
            "select t.email, t.customer_id from (select customer_id, email from customer where customer_id > 2) as t where t.customer_id < 20 order by t.email desc limit 3",
            "select sku, n from (select sku, count(*) as n from corder group by sku) as t where t.n > 5 order by n desc, sku",
            "select distinct * from (select sku from corder) as t order by sku",
            "select email from (select customer_id as id, email from customer) as t order by id limit 4 offset 2",
            "select t.email from (select email, customer_id from customer order by customer_id desc limit 6) as t where t.customer_id != 20 order by t.email",
            // A string column against a number compares as numbers, as MariaDB does ('10' > 9).
            "select t.sku, t.p from (select order_id, sku, concat(price, '') as p from corder) as t where t.p > 9 and t.p < 70 order by t.sku, t.p, t.order_id",
        ];
        // The same under `set workload = olap`: streamed, merged and aggregated as the shards send.
        await using var olap = _cluster.Connect("customer");
        await olap.OpenAsync();
        await ExecAsync(olap, "set workload = olap");
        foreach (var sql in queries)
        {
            var direct = await RowsAsync(reference, sql.Replace("commerce.", "", StringComparison.Ordinal));
            foreach (var (name, connection) in new[] { ("gate", gate), ("olap", olap) })
            {
                var viaGate = await RowsAsync(connection, sql);
                if (!sql.Contains("order by", StringComparison.Ordinal))
                {
                    viaGate.Sort(StringComparer.Ordinal);
                    direct.Sort(StringComparer.Ordinal);
                }

                Assert.True(direct.SequenceEqual(viaGate), $"{sql}\n  {name}:    {string.Join("; ", viaGate)}\n  mariadb: {string.Join("; ", direct)}");
            }

            Assert.NotEmpty(direct);
        }

        // A rolled-back transaction over several shards (with and without ids) leaves nothing.
        await using (var tx = await gate.BeginTransactionAsync())
        {
            await new MySqlCommand("insert into customer(customer_id, email) values (100, 'x'), (101, 'y'), (102, 'z'), (103, 'w')", gate, tx).ExecuteNonQueryAsync();
            await new MySqlCommand("insert into customer(email) values ('seq1'), ('seq2')", gate, tx).ExecuteNonQueryAsync();
            await new MySqlCommand("insert into corder(customer_id, sku, price) values (100, 'SKU-1001', 1), (103, 'SKU-1001', 1)", gate, tx).ExecuteNonQueryAsync();
            await new MySqlCommand("delete from corder where customer_id in (1, 2, 3, 4)", gate, tx).ExecuteNonQueryAsync();
            Assert.Equal([(Customers + 6).ToString(CultureInfo.InvariantCulture)], await RowsAsync(gate, "select count(*) from customer", tx));
            await tx.RollbackAsync();
        }

        Assert.Equal(await RowsAsync(reference, "select * from customer order by customer_id"), await RowsAsync(gate, "select * from customer order by customer_id"));
        Assert.Equal(await RowsAsync(reference, "select * from corder order by order_id"), await RowsAsync(gate, "select * from corder order by order_id"));
    }
}
