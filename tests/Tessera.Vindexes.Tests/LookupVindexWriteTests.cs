using Tessera.Keys;
using Tessera.Vindexes;

namespace Tessera.Vindexes.Tests;

// The owner-table writes of lookup vindexes (Vitess: Lookup.Create / Delete / Update).
public class LookupVindexWriteTests
{
    private static readonly KeyspaceId Ks1 = KeyspaceId.FromHex("166b40b44aba4bd6");
    private static readonly KeyspaceId Ks4 = KeyspaceId.FromHex("d2fd8867d50d2dfe");

    private static LookupVindex Vindex(string type, params (string K, string V)[] extra)
    {
        var p = new Dictionary<string, string> { ["table"] = "commerce.email_idx", ["from"] = "email", ["to"] = "keyspace_id" };
        foreach ((string k, string v) in extra)
        {
            p[k] = v;
        }

        return (LookupVindex)VindexRegistry.Default.Create(type, "email_lookup", p);
    }

    [Fact]
    public void Queries_AreVitessShaped()
    {
        var v = Vindex("lookup_unique");
        Assert.Equal("insert into commerce.email_idx(email, keyspace_id) values (:email_0, :keyspace_id_0), (:email_1, :keyspace_id_1)", v.Table.InsertQuery(2, ignore: false));
        Assert.Equal("insert ignore into commerce.email_idx(email, keyspace_id) values (:email_0, :keyspace_id_0)", v.Table.InsertQuery(1, ignore: true));
        Assert.Equal("delete from commerce.email_idx where email = :email and keyspace_id = :keyspace_id", v.Table.DeleteQuery);
        Assert.Equal("delete from commerce.email_idx where email = :email and keyspace_id = :keyspace_id limit 1", Vindex("lookup").Table.DeleteQuery);
    }

    [Fact]
    public async Task Create_WritesOneRowPerValue_SortedByValue_AndMapThenFindsThem()
    {
        var v = Vindex("lookup_unique");
        var q = new FakeLookupQuery();
        await v.CreateAsync(q, [["zed@x"], ["amy@x"]], [Ks4, Ks1], ignoreMode: false);
        Assert.Equal(["insert into commerce.email_idx(email, keyspace_id) values (:email_0, :keyspace_id_0), (:email_1, :keyspace_id_1)"], q.Writes);
        Assert.Equal(["'amy@x'", "'zed@x'"], q.Rows.Select(r => r.From.ToString()));
        var dests = await v.MapAsync(q, ["zed@x", "amy@x"]);
        Assert.Equal(new DestinationKeyspaceId(Ks4), dests[0]);
        Assert.Equal(new DestinationKeyspaceId(Ks1), dests[1]);
    }

    [Fact]
    public async Task Create_NullValue_IsRefusedUnlessIgnoreNulls()
    {
        var q = new FakeLookupQuery();
        var e = await Assert.ThrowsAsync<LookupNullException>(async () => await Vindex("lookup").CreateAsync(q, [["a@x"], [SqlValue.Null]], [Ks1, Ks4], false));
        Assert.Equal("Column 'email' cannot be null on row 1, col 0", e.Message);
        Assert.Empty(q.Writes);

        await Vindex("lookup", ("ignore_nulls", "true")).CreateAsync(q, [["a@x"], [SqlValue.Null]], [Ks1, Ks4], false);
        Assert.Single(q.Rows);
    }

    [Fact]
    public async Task Create_OnlyNulls_WithIgnoreNulls_SendsNothing()
    {
        var q = new FakeLookupQuery();
        await Vindex("lookup", ("ignore_nulls", "true")).CreateAsync(q, [[SqlValue.Null]], [Ks1], false);
        Assert.Empty(q.Writes);
    }

    [Fact]
    public async Task Create_WrongColumnCount_IsNamed()
    {
        var e = await Assert.ThrowsAsync<VindexException>(async () => await Vindex("lookup").CreateAsync(new FakeLookupQuery(), [["a", "b"]], [Ks1], false));
        Assert.Contains("email_lookup", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_RemovesOnlyTheRowOfThatKeyspaceId()
    {
        var v = Vindex("lookup");
        var q = new FakeLookupQuery().Add("sku", Ks1.ToArray()).Add("sku", Ks4.ToArray());
        await v.DeleteAsync(q, [["sku"]], Ks1);
        Assert.Equal([Ks4.ToArray()], q.Rows.Select(r => r.To.ToBytes()));
    }

    [Fact]
    public async Task Delete_OfAnAutocommitLookup_DoesNothing()
    {
        var q = new FakeLookupQuery().Add("a@x", Ks1.ToArray());
        await Vindex("lookup_unique", ("autocommit", "true")).DeleteAsync(q, [["a@x"]], Ks1);
        Assert.Empty(q.Writes);
        Assert.Single(q.Rows);
    }

    [Fact]
    public async Task Update_MovesTheRowToTheNewValue()
    {
        var v = Vindex("lookup_unique");
        var q = new FakeLookupQuery().Add("old@x", Ks1.ToArray());
        await v.UpdateAsync(q, ["old@x"], Ks1, ["new@x"]);
        Assert.Equal(["'new@x'"], q.Rows.Select(r => r.From.ToString()));
        Assert.Equal(new DestinationKeyspaceId(Ks1), (await v.MapAsync(q, ["new@x"]))[0]);
    }

    [Fact]
    public async Task Update_FromNull_OnlyCreates()
    {
        var q = new FakeLookupQuery();
        await Vindex("lookup_unique").UpdateAsync(q, [SqlValue.Null], Ks1, ["new@x"]);
        Assert.Single(q.Writes);
        Assert.StartsWith("insert", q.Writes[0], StringComparison.Ordinal);
    }

    [Fact]
    public void AutocommitNonUniqueLookup_Upserts_AsVitessDoes()
    {
        Assert.EndsWith(" on duplicate key update email = values(email), keyspace_id = values(keyspace_id)", Vindex("lookup", ("autocommit", "true")).Table.InsertQuery(1, false), StringComparison.Ordinal);
        Assert.DoesNotContain("duplicate", Vindex("lookup_unique", ("autocommit", "true")).Table.InsertQuery(1, false), StringComparison.Ordinal);
        Assert.Equal(LookupCommitOrder.Autocommit, Vindex("lookup", ("multi_shard_autocommit", "true")).Table.CommitOrder);
    }
}
