using Tessera.Vindexes.VSchemas;

namespace Tessera.Vindexes.Tests.VSchemas;

public class VSchemaValidatorTests
{
    private static SrvVSchema Srv(params (string Name, string Json)[] keyspaces) => new()
    {
        Keyspaces = keyspaces.ToDictionary(k => k.Name, k => VSchemaJson.ParseKeyspace(k.Json)),
    };

    private static string SingleError(SrvVSchema srv)
    {
        IReadOnlyList<VSchemaError> errors = VSchemaValidator.Validate(srv);
        return Assert.Single(errors).ToString();
    }

    [Fact]
    public void Validate_TheSeedsVSchemas_AreValid()
    {
        Assert.Empty(VSchemaValidator.Validate(Srv(("commerce", Fixtures.CommerceInitial))));
        Assert.Empty(VSchemaValidator.Validate(Srv(("commerce", Fixtures.CommerceWithSequences), ("customer", Fixtures.CustomerSharded))));
        Assert.Empty(VSchemaValidator.Validate(Srv(("customer", Fixtures.VitessStyleSharded), ("lookup", Fixtures.VitessStyleLookup))));
    }

    [Fact]
    public void Validate_UnknownVindexType_IsNamed()
    {
        string e = SingleError(Srv(("ks", """{"sharded": true, "vindexes": {"h": {"type": "hashh"}}, "tables": {}}""")));
        Assert.Contains("keyspace ks", e, StringComparison.Ordinal);
        Assert.Contains("vindex h: unknown vindex type 'hashh'", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadVindexParams_AreNamed()
    {
        string e = SingleError(Srv(("ks", """{"sharded": true, "vindexes": {"lk": {"type": "lookup", "params": {"from": "a", "to": "b"}}}}""")));
        Assert.Contains("missing required param 'table'", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ShardedTableWithoutColumnVindex_IsNamed()
    {
        string e = SingleError(Srv(("customer", """{"sharded": true, "vindexes": {"hash": {"type": "hash"}}, "tables": {"customer": {}}}""")));
        Assert.Contains("missing primary col vindex for table: customer", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonUniquePrimaryVindex_IsNamed()
    {
        string e = SingleError(Srv(("ks", """
            {"sharded": true,
             "vindexes": {"lk": {"type": "lookup", "params": {"table": "t_idx", "from": "c", "to": "keyspace_id"}}},
             "tables": {"t": {"column_vindexes": [{"column": "c", "name": "lk"}]}}}
            """)));
        Assert.Contains("primary vindex lk is not Unique for table t", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SequenceInShardedKeyspace_IsNamed()
    {
        string e = SingleError(Srv(("customer", """{"sharded": true, "tables": {"customer_seq": {"type": "sequence"}}}""")));
        Assert.Contains("sequence table has to be in an unsharded keyspace", e, StringComparison.Ordinal);
        Assert.Contains("customer_seq", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AutoIncrementWithUnknownSequence_IsNamed()
    {
        string e = SingleError(Srv(("commerce", Fixtures.CommerceWithSequences), ("customer", Fixtures.CustomerSharded.Replace("order_seq", "ordr_seq", StringComparison.Ordinal))));
        Assert.Contains("cannot resolve sequence ordr_seq for table corder", e, StringComparison.Ordinal);
        Assert.Contains("not found", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AutoIncrementNamingANonSequenceTable_IsNamed()
    {
        string e = SingleError(Srv(("commerce", """{"tables": {"customer_seq": {}, "order_seq": {"type": "sequence"}}}"""), ("customer", Fixtures.CustomerSharded)));
        Assert.Contains("customer_seq in keyspace commerce is not a sequence table", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_QualifiedSequence_ResolvesInThatKeyspace()
    {
        string customer = Fixtures.CustomerSharded.Replace("\"customer_seq\"", "\"commerce.customer_seq\"", StringComparison.Ordinal);
        Assert.Empty(VSchemaValidator.Validate(Srv(("commerce", Fixtures.CommerceWithSequences), ("customer", customer))));
        string wrong = Fixtures.CustomerSharded.Replace("\"customer_seq\"", "\"nowhere.customer_seq\"", StringComparison.Ordinal);
        Assert.Contains("keyspace nowhere not found", SingleError(Srv(("commerce", Fixtures.CommerceWithSequences), ("customer", wrong))), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TableInTwoKeyspacesWithoutRoutingRule_IsNamed()
    {
        SrvVSchema srv = Srv(("commerce", Fixtures.CommerceInitial), ("customer", """{"sharded": true, "vindexes": {"hash": {"type": "hash"}}, "tables": {"customer": {"column_vindexes": [{"column": "customer_id", "name": "hash"}]}}}"""));
        string e = SingleError(srv);
        Assert.Contains("table customer is in keyspaces commerce, customer and no routing rule says which one serves it", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TableInTwoKeyspacesWithRoutingRule_IsValid()
    {
        SrvVSchema keyspaces = Srv(("commerce", Fixtures.CommerceInitial), ("customer", """{"sharded": true, "vindexes": {"hash": {"type": "hash"}}, "tables": {"customer": {"column_vindexes": [{"column": "customer_id", "name": "hash"}]}, "corder": {"column_vindexes": [{"column": "customer_id", "name": "hash"}]}}}"""));
        SrvVSchema srv = keyspaces with { RoutingRules = VSchemaJson.ParseRoutingRules(Fixtures.RoutingRulesDuringMoveTables) };
        Assert.Empty(VSchemaValidator.Validate(srv));
    }

    [Fact]
    public void Validate_ExplicitRoutingKeyspace_DoesNotMakeTablesAmbiguous() =>
        Assert.Empty(VSchemaValidator.Validate(Srv(("commerce", Fixtures.CommerceInitial), ("copy", """{"require_explicit_routing": true, "tables": {"customer": {}}}"""))));

    [Fact]
    public void Validate_UnknownVindexInTable_IsNamed()
    {
        string e = SingleError(Srv(("ks", """{"sharded": true, "tables": {"t": {"column_vindexes": [{"column": "c", "name": "nope"}]}}}""")));
        Assert.Contains("vindex nope not found for table t", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ColumnAndColumnsTogether_IsNamed()
    {
        string e = SingleError(Srv(("ks", """{"sharded": true, "vindexes": {"h": {"type": "hash"}}, "tables": {"t": {"column_vindexes": [{"column": "c", "columns": ["d"], "name": "h"}]}}}""")));
        Assert.Contains("can't use column and columns at the same time", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OwnedLookupAsPrimaryVindex_IsNamed()
    {
        string e = SingleError(Srv(("ks", """
            {"sharded": true,
             "vindexes": {"lk": {"type": "lookup_unique", "params": {"table": "t_idx", "from": "c", "to": "keyspace_id"}, "owner": "t"}},
             "tables": {"t": {"column_vindexes": [{"column": "c", "name": "lk"}]}}}
            """)));
        Assert.Contains("primary vindex lk cannot be owned for table t", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownTableType_IsNamed() =>
        Assert.Contains("unidentified table type view", SingleError(Srv(("ks", """{"tables": {"t": {"type": "view"}}}"""))), StringComparison.Ordinal);

    [Fact]
    public void ThrowIfInvalid_ListsEveryProblem()
    {
        var e = Assert.Throws<VSchemaException>(() => VSchemaValidator.ThrowIfInvalid(Srv(("ks", """{"sharded": true, "vindexes": {"h": {"type": "x"}}, "tables": {"a": {}, "b": {"type": "sequence"}}}"""))));
        Assert.Equal(3, e.Errors.Count);
    }
}
