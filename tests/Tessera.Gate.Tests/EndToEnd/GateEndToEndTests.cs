using MySqlConnector;

namespace Tessera.Gate.Tests.EndToEnd;

// The seeds on real processes (the shared GateCluster: commerce/0, customer/-80, customer/80-),
// MySqlConnector as the client.
[Collection(GateClusterCollection.Name)]
public sealed class GateEndToEndTests(GateCluster cluster)
{
    private MySqlConnection Connect(string db) => cluster.Connect(db);

    private static async Task<List<string>> Column(MySqlConnection c, string sql)
    {
        var list = new List<string>();
        await using var r = await new MySqlCommand(sql, c).ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            list.Add(r.IsDBNull(0) ? "NULL" : r.GetValue(0) is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : Convert.ToString(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return list;
    }

    [Fact]
    public async Task Seeds_RowsLandWhereTheirHashSays_AndScatterQueriesAnswerAsOneDatabase()
    {
        await using (var c = Connect("customer"))
        {
            await c.OpenAsync();
            await using (var insert = new MySqlCommand("insert into customer(email) values('alice@domain.com'),('bob@domain.com'),('charlie@domain.com'),('dan@domain.com'),('eve@domain.com')", c))
            {
                Assert.Equal(5, await insert.ExecuteNonQueryAsync());
                Assert.Equal(1, insert.LastInsertedId);
            }

            await new MySqlCommand("insert into corder(customer_id, sku, price) values(1, 'SKU-1001', 100),(2, 'SKU-1002', 30),(3, 'SKU-1002', 30),(4, 'SKU-1002', 30),(5, 'SKU-1002', 30)", c).ExecuteNonQueryAsync();

            Assert.Equal(["5"], await Column(c, "select count(*) from customer"));
            Assert.Equal(["eve@domain.com", "dan@domain.com"], await Column(c, "select email from customer order by customer_id desc limit 2"));
            Assert.Equal(["30.0000"], await Column(c, "select avg(price) from corder where sku = 'SKU-1002'"));
            Assert.Equal(["SKU-1001", "SKU-1002"], await Column(c, "select sku from corder group by sku"));
            Assert.Equal(["2"], await Column(c, "select count(distinct sku) from corder"));
            Assert.Equal(["bob@domain.com"], await Column(c, "select c.email from customer c join corder o on c.customer_id = o.customer_id where o.order_id = 2"));

            await using (var tx = await c.BeginTransactionAsync())
            {
                await new MySqlCommand("insert into customer(customer_id, email) values (100, 'x'), (104, 'y')", c, tx).ExecuteNonQueryAsync();
                await tx.RollbackAsync();
            }

            Assert.Equal(["5"], await Column(c, "select count(*) from customer"));
        }

        await using (var low = Connect("customer/-80"))
        {
            await low.OpenAsync();
            Assert.Equal(["1", "2", "3", "5"], await Column(low, "select customer_id from customer order by customer_id"));
            Assert.Equal(["1", "2", "3", "5"], await Column(low, "select customer_id from corder order by customer_id"));
        }

        await using (var high = Connect("customer/80-"))
        {
            await high.OpenAsync();
            Assert.Equal(["4"], await Column(high, "select customer_id from customer"));
        }
    }
}
