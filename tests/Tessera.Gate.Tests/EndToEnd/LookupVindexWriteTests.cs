using System.Globalization;
using MySqlConnector;
using Tessera.Vindexes;

namespace Tessera.Gate.Tests.EndToEnd;

// Owned lookup vindexes kept in step by the owner table's DML through the gate: each test uses
// its own customer ids and values, so the order they run in does not matter.
public sealed class LookupVindexWriteTests(LookupCluster cluster) : IClassFixture<LookupCluster>
{
    private static string Ksid(long customerId) => Convert.ToHexString(HashVindex.Hash((ulong)customerId));

    private static string ShardOf(long customerId) => HashVindex.Hash((ulong)customerId)[0] < 0x80 ? "-80" : "80-";

    private async Task<MySqlConnection> OpenAsync(string db)
    {
        var c = cluster.Connect(db);
        await c.OpenAsync();
        return c;
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

    private static async Task<int> ExecAsync(MySqlConnection c, string sql, MySqlTransaction? tx = null) => await new MySqlCommand(sql, c, tx).ExecuteNonQueryAsync();

    private async Task<List<string>> EmailIdxAsync(string like)
    {
        await using var commerce = await OpenAsync("commerce");
        return await RowsAsync(commerce, $"select email, hex(keyspace_id) from email_idx where email like '{like}' order by email");
    }

    private async Task<List<string>> SkuIdxAsync(string sku)
    {
        await using var commerce = await OpenAsync("commerce");
        return await RowsAsync(commerce, $"select sku, hex(keyspace_id) from sku_idx where sku = '{sku}' order by hex(keyspace_id)");
    }

    [Fact]
    public async Task Insert_WritesOneLookupRowPerValue_AndSelectByTheLookupColumnGoesToThatShardOnly()
    {
        await using var c = await OpenAsync("customer");
        Assert.Equal(5, await ExecAsync(c, "insert into customer(customer_id, email) values (1, 'a1@x'), (2, 'a2@x'), (3, 'a3@x'), (4, 'a4@x'), (5, 'a5@x')"));

        Assert.Equal([.. Enumerable.Range(1, 5).Select(i => $"a{i}@x|{Ksid(i)}")], await EmailIdxAsync("a_@x"));

        // A decoy row with the same email on the other shard, written there directly (a shard
        // target bypasses the lookup): a scatter sees both rows, the lookup route only the real one.
        var other = ShardOf(4) == "-80" ? "80-" : "-80";
        await using (var shard = await OpenAsync("customer/" + other))
        {
            await ExecAsync(shard, "insert into customer(customer_id, email) values (1004, 'a4@x')");
        }

        try
        {
            Assert.Equal(["4", "1004"], await RowsAsync(c, "select customer_id from customer where email like 'a4@x' order by customer_id"));
            Assert.Equal(["4"], await RowsAsync(c, "select customer_id from customer where email = 'a4@x'"));
            Assert.Equal(["2|a2@x", "4|a4@x"], await RowsAsync(c, "select customer_id, email from customer where email in ('a2@x', 'a4@x') order by customer_id"));
        }
        finally
        {
            await using var shard = await OpenAsync("customer/" + other);
            await ExecAsync(shard, "delete from customer where customer_id = 1004");
        }
    }

    [Fact]
    public async Task DuplicateUniqueValue_FailsWith1062NamingTheVindex_AndWritesNothing()
    {
        await using var c = await OpenAsync("customer");
        await ExecAsync(c, "insert into customer(customer_id, email) values (11, 'dup@x')");

        var e = await Assert.ThrowsAsync<MySqlException>(() => ExecAsync(c, "insert into customer(customer_id, email) values (12, 'fresh12@x'), (13, 'dup@x')"));
        Assert.Equal(1062, e.Number);
        Assert.Equal("23000", e.SqlState);
        Assert.Contains("email_lookup", e.Message, StringComparison.Ordinal);
        Assert.Equal(["0"], await RowsAsync(c, "select count(*) from customer where customer_id in (12, 13)"));
        Assert.Empty(await EmailIdxAsync("fresh12@x"));

        // The lookup row is written and then the owner row is refused (customer 11 exists): the
        // statement's implicit transaction takes the lookup row back.
        var owner = await Assert.ThrowsAsync<MySqlException>(() => ExecAsync(c, "insert into customer(customer_id, email) values (11, 'other11@x')"));
        Assert.Equal(1062, owner.Number);
        Assert.Empty(await EmailIdxAsync("other11@x"));
        Assert.Equal([$"dup@x|{Ksid(11)}"], await EmailIdxAsync("dup@x"));
        Assert.Equal(["11|dup@x"], await RowsAsync(c, "select customer_id, email from customer where email = 'dup@x'"));
    }

    [Fact]
    public async Task Update_OfTheLookupColumn_MovesItsLookupRow_AndATakenValueIsRefused()
    {
        await using var c = await OpenAsync("customer");
        await ExecAsync(c, "insert into customer(customer_id, email) values (21, 'old21@x'), (22, 'taken22@x')");

        Assert.Equal(1, await ExecAsync(c, "update customer set email = 'new21@x' where customer_id = 21"));
        Assert.Empty(await EmailIdxAsync("old21@x"));
        Assert.Equal([$"new21@x|{Ksid(21)}"], await EmailIdxAsync("new21@x"));
        Assert.Equal(["21"], await RowsAsync(c, "select customer_id from customer where email = 'new21@x'"));

        // Routed by the lookup itself, and to a value computed from the row.
        Assert.Equal(1, await ExecAsync(c, "update customer set email = concat('re', email) where email = 'new21@x'"));
        Assert.Equal([$"renew21@x|{Ksid(21)}"], await EmailIdxAsync("%21@x"));

        var e = await Assert.ThrowsAsync<MySqlException>(() => ExecAsync(c, "update customer set email = 'taken22@x' where customer_id = 21"));
        Assert.Equal(1062, e.Number);
        Assert.Equal(["renew21@x"], await RowsAsync(c, "select email from customer where customer_id = 21"));
        Assert.Equal([$"renew21@x|{Ksid(21)}"], await EmailIdxAsync("%21@x"));
        Assert.Equal([$"taken22@x|{Ksid(22)}"], await EmailIdxAsync("taken22@x"));

        // Setting it to what it is leaves the lookup row alone.
        await ExecAsync(c, "update customer set email = 'renew21@x' where customer_id = 21");
        Assert.Equal([$"renew21@x|{Ksid(21)}"], await EmailIdxAsync("%21@x"));

        // The primary vindex column stays refused.
        var pv = await Assert.ThrowsAsync<MySqlException>(() => ExecAsync(c, "update customer set customer_id = 99 where customer_id = 21"));
        Assert.Equal(1235, pv.Number);
    }

    [Fact]
    public async Task Delete_RemovesTheLookupRowsOfTheRowsDeleted()
    {
        await using var c = await OpenAsync("customer");
        await ExecAsync(c, "insert into customer(customer_id, email) values (31, 'd31@x'), (32, 'd32@x'), (33, 'd33@x'), (34, 'd34@x')");

        Assert.Equal(2, await ExecAsync(c, "delete from customer where customer_id in (31, 34)"));
        Assert.Equal([$"d32@x|{Ksid(32)}", $"d33@x|{Ksid(33)}"], await EmailIdxAsync("d3_@x"));

        Assert.Equal(1, await ExecAsync(c, "delete from customer where email = 'd32@x'"));
        Assert.Equal([$"d33@x|{Ksid(33)}"], await EmailIdxAsync("d3_@x"));

        // Scattered: every shard's rows read for update, then their lookup rows deleted.
        Assert.Equal(1, await ExecAsync(c, "delete from customer where email like 'd3%@x'"));
        Assert.Empty(await EmailIdxAsync("d3_@x"));
        Assert.Equal(["0"], await RowsAsync(c, "select count(*) from customer where customer_id between 31 and 34"));
    }

    [Fact]
    public async Task RolledBackTransaction_LeavesNeitherOwnerNorLookupRows()
    {
        await using var c = await OpenAsync("customer");
        await using (var tx = await c.BeginTransactionAsync())
        {
            await ExecAsync(c, "insert into customer(customer_id, email) values (41, 'tx41@x'), (44, 'tx44@x')", tx);
            Assert.Equal(["41"], await RowsAsync(c, "select customer_id from customer where email = 'tx41@x'", tx));
            await tx.RollbackAsync();
        }

        Assert.Empty(await EmailIdxAsync("tx4_@x"));
        Assert.Equal(["0"], await RowsAsync(c, "select count(*) from customer where customer_id in (41, 44)"));
        Assert.Empty(await RowsAsync(c, "select customer_id from customer where email = 'tx41@x'"));

        // Committed, the same statement keeps both.
        await using (var tx = await c.BeginTransactionAsync())
        {
            await ExecAsync(c, "insert into customer(customer_id, email) values (41, 'tx41@x')", tx);
            await tx.CommitAsync();
        }

        Assert.Equal([$"tx41@x|{Ksid(41)}"], await EmailIdxAsync("tx4_@x"));
    }

    [Fact]
    public async Task PartialFailureInATransaction_RollsTheTransactionBack_AndSaysSo()
    {
        await using var c = await OpenAsync("customer");
        await ExecAsync(c, "insert into customer(customer_id, email) values (51, 'p51@x')");
        await using var tx = await c.BeginTransactionAsync();
        await ExecAsync(c, "insert into customer(customer_id, email) values (52, 'p52@x')", tx);

        // The lookup row of p51b is written, then customer 51 is a duplicate.
        var e = await Assert.ThrowsAsync<MySqlException>(() => ExecAsync(c, "insert into customer(customer_id, email) values (51, 'p51b@x')", tx));
        Assert.Equal(1062, e.Number);
        Assert.Contains("transaction rolled back", e.Message, StringComparison.Ordinal);

        Assert.Empty(await EmailIdxAsync("p5_b@x"));
        Assert.Empty(await EmailIdxAsync("p52@x"));
        await using var other = await OpenAsync("customer");
        Assert.Equal(["51"], await RowsAsync(other, "select customer_id from customer where customer_id in (51, 52)"));

        // The session goes on outside a transaction.
        await tx.RollbackAsync();
        Assert.Equal(1, await ExecAsync(c, "insert into customer(customer_id, email) values (52, 'p52@x')"));
        Assert.Equal([$"p52@x|{Ksid(52)}"], await EmailIdxAsync("p52@x"));
    }

    [Fact]
    public async Task NonUniqueLookup_KeepsOneRowPerOwnerRow_SkipsNulls_AndFollowsUpdatesAndDeletes()
    {
        await using var c = await OpenAsync("customer");
        await ExecAsync(c, "insert into corder(order_id, customer_id, sku, price) values (61, 1, 'SKU-A', 10), (62, 4, 'SKU-A', 20), (63, 2, null, 30)");

        Assert.Equal([.. new[] { $"SKU-A|{Ksid(1)}", $"SKU-A|{Ksid(4)}" }.Order(StringComparer.Ordinal)], await SkuIdxAsync("SKU-A"));
        await using (var commerce = await OpenAsync("commerce"))
        {
            Assert.Equal(["0"], await RowsAsync(commerce, "select count(*) from sku_idx where sku is null or sku = ''"));
        }

        Assert.Equal(["61", "62"], await RowsAsync(c, "select order_id from corder where sku = 'SKU-A' order by order_id"));

        // Order 61 (customer 1) changes sku; the where clause does not name a vindex: scattered.
        Assert.Equal(1, await ExecAsync(c, "update corder set sku = 'SKU-B' where order_id = 61"));
        Assert.Equal([$"SKU-A|{Ksid(4)}"], await SkuIdxAsync("SKU-A"));
        Assert.Equal([$"SKU-B|{Ksid(1)}"], await SkuIdxAsync("SKU-B"));
        Assert.Equal(["61"], await RowsAsync(c, "select order_id from corder where sku = 'SKU-B'"));

        // NULL to a value writes a lookup row (ignore_nulls skipped the NULL one).
        Assert.Equal(1, await ExecAsync(c, "update corder set sku = 'SKU-B' where order_id = 63"));
        Assert.Equal([.. new[] { $"SKU-B|{Ksid(1)}", $"SKU-B|{Ksid(2)}" }.Order(StringComparer.Ordinal)], await SkuIdxAsync("SKU-B"));

        Assert.Equal(1, await ExecAsync(c, "delete from corder where sku = 'SKU-A'"));
        Assert.Empty(await SkuIdxAsync("SKU-A"));
        Assert.Equal(2, await ExecAsync(c, "delete from corder where order_id in (61, 63)"));
        Assert.Empty(await SkuIdxAsync("SKU-B"));
    }

    [Fact]
    public async Task InsertIgnore_SkipsTheRowWhoseValueIsTaken_AndInsertsTheOthers()
    {
        await using var c = await OpenAsync("customer");
        await ExecAsync(c, "insert into customer(customer_id, email) values (71, 'ig71@x')");

        Assert.Equal(1, await ExecAsync(c, "insert ignore into customer(customer_id, email) values (72, 'ig71@x'), (73, 'ig73@x')"));
        Assert.Equal(["71|ig71@x", "73|ig73@x"], await RowsAsync(c, "select customer_id, email from customer where customer_id between 71 and 73 order by customer_id"));
        Assert.Equal([$"ig71@x|{Ksid(71)}", $"ig73@x|{Ksid(73)}"], await EmailIdxAsync("ig7_@x"));
    }

    [Fact]
    public async Task SettingALookupColumnToNull_IsRefusedWith1048_AndChangesNothing()
    {
        await using var c = await OpenAsync("customer");
        await ExecAsync(c, "insert into customer(customer_id, email) values (81, 'n81@x')");

        // The old lookup row is deleted before the NULL is refused: the implicit transaction puts it back.
        var e = await Assert.ThrowsAsync<MySqlException>(() => ExecAsync(c, "update customer set email = null where customer_id = 81"));
        Assert.Equal(1048, e.Number);
        Assert.Contains("email_lookup", e.Message, StringComparison.Ordinal);
        Assert.Equal([$"n81@x|{Ksid(81)}"], await EmailIdxAsync("n81@x"));
        Assert.Equal(["n81@x"], await RowsAsync(c, "select email from customer where customer_id = 81"));
    }

    [Fact]
    public async Task AutocommitOff_KeepsOwnerAndLookupRowsInTheSessionsTransaction()
    {
        await using var c = await OpenAsync("customer");
        await ExecAsync(c, "set autocommit = 0");
        await ExecAsync(c, "insert into customer(customer_id, email) values (91, 'ac91@x')");
        await ExecAsync(c, "rollback");
        Assert.Empty(await EmailIdxAsync("ac91@x"));

        await ExecAsync(c, "insert into customer(customer_id, email) values (91, 'ac91@x')");
        await ExecAsync(c, "commit");
        await ExecAsync(c, "set autocommit = 1");
        Assert.Equal([$"ac91@x|{Ksid(91)}"], await EmailIdxAsync("ac91@x"));
    }

    [Fact]
    public async Task PreparedStatements_WriteLookupRowsToo()
    {
        await using var c = await OpenAsync("customer");
        await using (var insert = new MySqlCommand("insert into customer(customer_id, email) values (@id, @email)", c))
        {
            insert.Parameters.AddWithValue("@id", 0L);
            insert.Parameters.AddWithValue("@email", "");
            await insert.PrepareAsync();
            foreach (var id in new long[] { 101, 104 })
            {
                insert.Parameters["@id"].Value = id;
                insert.Parameters["@email"].Value = $"ps{id}@x";
                Assert.Equal(1, await insert.ExecuteNonQueryAsync());
            }
        }

        await using (var update = new MySqlCommand("update customer set email = @email where customer_id = @id", c))
        {
            update.Parameters.AddWithValue("@id", 104L);
            update.Parameters.AddWithValue("@email", "ps104b@x");
            await update.PrepareAsync();
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        Assert.Equal([$"ps101@x|{Ksid(101)}", $"ps104b@x|{Ksid(104)}"], await EmailIdxAsync("ps10%@x"));
    }

    [Fact]
    public async Task NonUniqueLookup_TwoRowsOfOneCustomerWithOneValue_DeletingOneKeepsTheOtherFindable()
    {
        await using var c = await OpenAsync("customer");
        await ExecAsync(c, "insert into corder(order_id, customer_id, sku, price) values (111, 5, 'SKU-TWIN', 1), (112, 5, 'SKU-TWIN', 2)");
        Assert.Equal([$"SKU-TWIN|{Ksid(5)}", $"SKU-TWIN|{Ksid(5)}"], await SkuIdxAsync("SKU-TWIN"));

        Assert.Equal(1, await ExecAsync(c, "delete from corder where order_id = 111"));
        Assert.Equal([$"SKU-TWIN|{Ksid(5)}"], await SkuIdxAsync("SKU-TWIN"));
        Assert.Equal(["112"], await RowsAsync(c, "select order_id from corder where sku = 'SKU-TWIN'"));

        Assert.Equal(1, await ExecAsync(c, "delete from corder where sku = 'SKU-TWIN'"));
        Assert.Empty(await SkuIdxAsync("SKU-TWIN"));
    }

    [Fact]
    public async Task ConsistentLookup_TakesOverALookupRowLeftByAGoneOwnerRow_ButNotOneOfALivingRow()
    {
        await using var c = await OpenAsync("customer");
        await ExecAsync(c, "insert into member(member_id, nick) values (1, 'neo')");

        // Member 1 goes away on its shard without the gate's lookup maintenance: nick_idx keeps 'neo'.
        await using (var shard = await OpenAsync("customer/" + ShardOf(1)))
        {
            await ExecAsync(shard, "delete from member where member_id = 1");
        }

        await using var commerce = await OpenAsync("commerce");
        Assert.Equal([$"neo|{Ksid(1)}"], await RowsAsync(commerce, "select nick, hex(keyspace_id) from nick_idx where nick = 'neo'"));

        Assert.Equal(1, await ExecAsync(c, "insert into member(member_id, nick) values (4, 'neo')"));
        Assert.Equal([$"neo|{Ksid(4)}"], await RowsAsync(commerce, "select nick, hex(keyspace_id) from nick_idx where nick = 'neo'"));
        Assert.Equal(["4"], await RowsAsync(c, "select member_id from member where nick = 'neo'"));

        var e = await Assert.ThrowsAsync<MySqlException>(() => ExecAsync(c, "insert into member(member_id, nick) values (5, 'neo')"));
        Assert.Equal(1062, e.Number);
        Assert.Contains("nick_lookup", e.Message, StringComparison.Ordinal);

        // An update onto an orphaned value takes it over too.
        await ExecAsync(c, "insert into member(member_id, nick) values (2, 'trinity'), (3, 'morpheus')");
        await using (var shard = await OpenAsync("customer/" + ShardOf(2)))
        {
            await ExecAsync(shard, "delete from member where member_id = 2");
        }

        Assert.Equal(1, await ExecAsync(c, "update member set nick = 'trinity' where member_id = 3"));
        Assert.Equal([$"trinity|{Ksid(3)}"], await RowsAsync(commerce, "select nick, hex(keyspace_id) from nick_idx where nick in ('trinity', 'morpheus')"));
    }

    [Fact]
    public async Task AFailedFirstStatementOfATransaction_LeavesNoTransactionHoldingLocks()
    {
        await using var c = await OpenAsync("commerce");
        await ExecAsync(c, "insert into product(sku, description, price) values ('LK-1', 'x', 1)");
        await using (var tx = await c.BeginTransactionAsync())
        {
            // The shard's transaction begins with this failing insert (which share-locks the row).
            var e = await Assert.ThrowsAsync<MySqlException>(() => ExecAsync(c, "insert into product(sku, description, price) values ('LK-1', 'y', 2)", tx));
            Assert.Equal(1062, e.Number);
            await tx.RollbackAsync();
        }

        // Were that transaction left open on the tablet, this would wait for its timeout.
        await using var other = await OpenAsync("commerce");
        await using var update = new MySqlCommand("update product set price = 3 where sku = 'LK-1'", other) { CommandTimeout = 10 };
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }
}
