using Tessera.Keys;
using Tessera.Vindexes;

namespace Tessera.Vindexes.Tests;

public class LookupVindexTests
{
    private static readonly byte[] Ks1 = Convert.FromHexString("166b40b44aba4bd6");
    private static readonly byte[] Ks4 = Convert.FromHexString("d2fd8867d50d2dfe");

    private static Dictionary<string, string> Params(params (string K, string V)[] extra)
    {
        var p = new Dictionary<string, string> { ["table"] = "customer_lookup", ["from"] = "email", ["to"] = "keyspace_id" };
        foreach ((string k, string v) in extra)
        {
            p[k] = v;
        }

        return p;
    }

    [Theory]
    [InlineData("lookup", false, 20)]
    [InlineData("lookup_unique", true, 10)]
    [InlineData("consistent_lookup", false, 20)]
    [InlineData("consistent_lookup_unique", true, 10)]
    public void Lookup_Types_HaveVitessUniquenessAndCost(string type, bool unique, int cost)
    {
        IVindex v = VindexRegistry.Default.Create(type, "lk", Params());
        Assert.Equal(unique, v.IsUnique);
        Assert.Equal(cost, v.Cost);
        Assert.True(v.NeedsVCursor);
    }

    [Fact]
    public void Lookup_Model_ReadsItsParams()
    {
        var v = (LookupVindex)VindexRegistry.Default.Create("lookup", "lk", Params(("from", "a, b"), ("autocommit", "true"), ("write_only", "false"), ("bogus", "1")));
        Assert.Equal("customer_lookup", v.Table.Table);
        Assert.Equal(["a", "b"], v.Table.FromColumns);
        Assert.Equal("keyspace_id", v.Table.ToColumn);
        Assert.True(v.Autocommit);
        Assert.False(v.WriteOnly);
        Assert.Equal(LookupCommitOrder.Autocommit, v.Table.CommitOrder);
        Assert.Equal(["bogus"], v.UnknownParams);
    }

    [Fact]
    public void Lookup_Queries_AreVitessShaped()
    {
        var v = (LookupVindex)VindexRegistry.Default.Create("lookup_unique", "lk", Params());
        Assert.Equal("select email, keyspace_id from customer_lookup where email in ::email", v.Table.SelectQuery);
        Assert.Equal("select email from customer_lookup where email = :email and keyspace_id = :keyspace_id", v.Table.VerifyQuery);
    }

    [Fact]
    public void ConsistentLookup_ReadsInPreCommittedTransaction()
    {
        var v = (LookupVindex)VindexRegistry.Default.Create("consistent_lookup_unique", "lk", Params());
        Assert.Equal(LookupCommitOrder.Pre, v.Table.CommitOrder);
    }

    [Theory]
    [InlineData("table")]
    [InlineData("from")]
    [InlineData("to")]
    public void Lookup_MissingRequiredParam_IsNamed(string missing)
    {
        Dictionary<string, string> p = Params();
        p.Remove(missing);
        var e = Assert.Throws<VindexException>(() => VindexRegistry.Default.Create("lookup", "lk", p));
        Assert.Contains($"'{missing}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_BadBoolean_IsRejected()
    {
        var e = Assert.Throws<VindexException>(() => VindexRegistry.Default.Create("lookup", "lk", Params(("autocommit", "yes"))));
        Assert.Contains("autocommit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupUnique_Map_GivesKeyspaceIdOrNone()
    {
        var q = new FakeLookupQuery().Add("alice@domain.com", Ks1).Add("dan@domain.com", Ks4);
        IVindex v = VindexRegistry.Default.Create("lookup_unique", "lk", Params());
        Destination[] d = await v.MapAsync(q, ["dan@domain.com", "nobody@domain.com", "alice@domain.com"]);
        Assert.Equal(
            [new DestinationKeyspaceId(new KeyspaceId(Ks4)), DestinationNone.Instance, new DestinationKeyspaceId(new KeyspaceId(Ks1))],
            d);
        Assert.Single(q.Calls);
    }

    [Fact]
    public async Task LookupUnique_SeveralRows_IsAnError()
    {
        var q = new FakeLookupQuery().Add("x", Ks1).Add("x", Ks4);
        IVindex v = VindexRegistry.Default.Create("lookup_unique", "lk", Params());
        var e = await Assert.ThrowsAsync<VindexException>(async () => await v.MapAsync(q, ["x"]));
        Assert.Contains("'x'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_NonUnique_Map_GivesAllKeyspaceIds()
    {
        var q = new FakeLookupQuery().Add("x", Ks1).Add("x", Ks4);
        IVindex v = VindexRegistry.Default.Create("lookup", "lk", Params());
        Destination[] d = await v.MapAsync(q, ["x", "y"]);
        Assert.Equal([new DestinationKeyspaceIds([new KeyspaceId(Ks1), new KeyspaceId(Ks4)]), DestinationNone.Instance], d);
    }

    [Fact]
    public async Task Lookup_WriteOnly_MapsToAllShardsWithoutQuerying()
    {
        var q = new FakeLookupQuery();
        IVindex v = VindexRegistry.Default.Create("lookup_unique", "lk", Params(("write_only", "true")));
        Destination[] d = await v.MapAsync(q, ["x"]);
        Assert.Equal([new DestinationKeyRange(KeyRange.Full)], d);
        bool[] ok = await v.VerifyAsync(q, ["x"], [new KeyspaceId(Ks1)]);
        Assert.Equal([true], ok);
        Assert.Empty(q.Calls);
    }

    [Fact]
    public async Task Lookup_IgnoreNulls_SingleNullGoesToAllShards()
    {
        IVindex v = VindexRegistry.Default.Create("lookup", "lk", Params(("ignore_nulls", "true")));
        Destination[] d = await v.MapAsync(new FakeLookupQuery(), [SqlValue.Null]);
        Assert.Equal([new DestinationKeyRange(KeyRange.Full)], d);
    }

    [Fact]
    public async Task Lookup_Verify_ChecksTheRowExists()
    {
        var q = new FakeLookupQuery().Add("alice@domain.com", Ks1);
        IVindex v = VindexRegistry.Default.Create("consistent_lookup_unique", "lk", Params());
        bool[] ok = await v.VerifyAsync(q, ["alice@domain.com", "alice@domain.com"], [new KeyspaceId(Ks1), new KeyspaceId(Ks4)]);
        Assert.Equal([true, false], ok);
    }

    [Fact]
    public async Task Lookup_WithoutQueryInterface_SaysSo()
    {
        IVindex v = VindexRegistry.Default.Create("lookup", "lk", Params());
        var e = await Assert.ThrowsAsync<VindexException>(async () => await v.MapAsync(null, ["x"]));
        Assert.Contains("no query interface", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_UnknownType_IsNamed()
    {
        var e = Assert.Throws<VindexException>(() => VindexRegistry.Default.Create("hashh", "v"));
        Assert.Contains("'hashh'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_KnowsEveryVitessTypeWeImplement()
    {
        foreach (string t in new[] { "hash", "binary_md5", "unicode_loose_md5", "xxhash", "numeric", "binary", "reverse_bits", "unicode_loose_xxhash", "lookup", "lookup_unique", "consistent_lookup", "consistent_lookup_unique" })
        {
            Assert.True(VindexRegistry.Default.IsKnown(t), t);
            Assert.Equal(t, VindexRegistry.Default.Create(t, "v", t.Contains("lookup", StringComparison.Ordinal) ? Params() : null).TypeName);
        }
    }

    [Fact]
    public void Registry_With_AddsATypeWithoutChangingTheDefault()
    {
        VindexRegistry r = VindexRegistry.Default.With("my_hash", (n, p) => new HashVindex(n, p));
        Assert.True(r.IsKnown("my_hash"));
        Assert.False(VindexRegistry.Default.IsKnown("my_hash"));
    }
}
