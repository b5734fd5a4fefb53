using Tessera.Vindexes.VSchemas;

namespace Tessera.Vindexes.Tests.VSchemas;

public class VSchemaJsonTests
{
    [Theory]
    [InlineData(Fixtures.CommerceInitial)]
    [InlineData(Fixtures.CommerceWithSequences)]
    [InlineData(Fixtures.CustomerSharded)]
    [InlineData(Fixtures.VitessStyleSharded)]
    [InlineData(Fixtures.VitessStyleLookup)]
    [InlineData("{}")]
    public void Keyspace_RoundTrips_Unchanged(string json)
    {
        KeyspaceVSchema ks = VSchemaJson.ParseKeyspace(json);
        string written = VSchemaJson.Write(ks);
        JsonAssert.SemanticallyEqual(json, written);
        JsonAssert.SemanticallyEqual(json, VSchemaJson.Write(ks, indented: true));
        Assert.Equal(written, VSchemaJson.Write(VSchemaJson.ParseKeyspace(written)));
    }

    [Fact]
    public void Keyspace_Write_KeepsEmptyTablesAndOmitsDefaults()
    {
        string written = VSchemaJson.Write(VSchemaJson.ParseKeyspace("""{"sharded": false, "vindexes": {}, "tables": {"product": {}}}"""));
        Assert.Equal("""{"tables":{"product":{}}}""", written);
    }

    [Fact]
    public void Keyspace_Parse_ReadsEveryField()
    {
        KeyspaceVSchema ks = VSchemaJson.ParseKeyspace(Fixtures.VitessStyleSharded);
        Assert.True(ks.Sharded);
        Assert.Equal("consistent_lookup_unique", ks.Vindexes["user_email_lookup"].Type);
        Assert.Equal("lookup.user_email_idx", ks.Vindexes["user_email_lookup"].Params["table"]);
        Assert.Equal("user", ks.Vindexes["user_email_lookup"].Owner);
        TableSpec user = ks.Tables["user"];
        Assert.Equal("id", user.ColumnVindexes[0].Column);
        Assert.Equal(["order_id", "line"], ks.Tables["orders"].ColumnVindexes[1].AllColumns);
        Assert.Equal(new AutoIncrementSpec { Column = "id", Sequence = "lookup.user_seq" }, user.AutoIncrement);
        Assert.True(user.ColumnListAuthoritative);
        Assert.Equal(255, user.Columns[1].Size);
        Assert.False(user.Columns[0].Nullable);
        Assert.Null(user.Columns[1].Nullable);
        Assert.Equal(["active", "gone"], user.Columns[2].Values);
        Assert.True(ks.Tables["countries"].IsReference);
        Assert.Equal("lookup.countries", ks.Tables["countries"].Source);
        Assert.Equal("80", ks.Tables["pinned_config"].Pinned);
        Assert.Equal("unmanaged", ks.ForeignKeyMode);
    }

    [Fact]
    public void Keyspace_NullableFalse_IsWrittenBecauseItIsOptional() =>
        Assert.Contains("\"nullable\":false", VSchemaJson.Write(VSchemaJson.ParseKeyspace(Fixtures.VitessStyleSharded)), StringComparison.Ordinal);

    [Fact]
    public void SrvVSchema_RoundTrips_Unchanged()
    {
        string json = $$"""
            {
              "keyspaces": {
                "commerce": {{Fixtures.CommerceWithSequences}},
                "customer": {{Fixtures.CustomerSharded}}
              },
              "routing_rules": {{Fixtures.RoutingRulesDuringMoveTables}},
              "shard_routing_rules": {"rules": [{"from_keyspace": "a", "to_keyspace": "b", "shard": "-80"}]},
              "keyspace_routing_rules": {"rules": [{"from_keyspace": "a", "to_keyspace": "b"}]},
              "mirror_rules": {"rules": [{"from_table": "a.t", "to_table": "b.t", "percent": 50}]}
            }
            """;
        SrvVSchema srv = VSchemaJson.ParseSrvVSchema(json);
        Assert.Equal(2, srv.Keyspaces.Count);
        Assert.Equal(6, srv.RoutingRules!.Rules.Count);
        Assert.Equal(["customer.customer"], srv.RoutingRules.Rules[2].ToTables);
        JsonAssert.SemanticallyEqual(json, VSchemaJson.Write(srv));
    }

    [Fact]
    public void RoutingRules_RoundTrip_Unchanged() =>
        JsonAssert.SemanticallyEqual(
            Fixtures.RoutingRulesDuringMoveTables,
            VSchemaJson.Write(VSchemaJson.ParseRoutingRules(Fixtures.RoutingRulesDuringMoveTables)));

    [Fact]
    public void Parse_ProtoJsonCamelCaseNames_AreAcceptedAndUserNamesKept()
    {
        KeyspaceVSchema ks = VSchemaJson.ParseKeyspace("""
            {"sharded": true, "foreignKeyMode": 2, "requireExplicitRouting": true,
             "vindexes": {"myHash": {"type": "hash"}, "lk": {"type": "lookup", "params": {"fromColumn": "x", "table": "t", "from": "a", "to": "b"}}},
             "tables": {"myTable": {"columnVindexes": [{"column": "userId", "name": "myHash"}],
                                    "autoIncrement": {"column": "userId", "sequence": "seq"},
                                    "columnListAuthoritative": true,
                                    "columns": [{"name": "userId", "collationName": "binary"}]}}}
            """);
        Assert.True(ks.RequireExplicitRouting);
        Assert.Equal("unmanaged", ks.ForeignKeyMode);
        Assert.True(ks.Vindexes.ContainsKey("myHash"));
        Assert.Equal("x", ks.Vindexes["lk"].Params["fromColumn"]);
        TableSpec t = ks.Tables["myTable"];
        Assert.Equal("userId", t.ColumnVindexes[0].Column);
        Assert.Equal("seq", t.AutoIncrement!.Sequence);
        Assert.True(t.ColumnListAuthoritative);
        Assert.Equal("binary", t.Columns[0].CollationName);
        Assert.Contains("\"column_vindexes\"", VSchemaJson.Write(ks), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownForeignKeyMode_IsRefused() =>
        Assert.Throws<VSchemaException>(() => VSchemaJson.ParseKeyspace("""{"foreign_key_mode": "sometimes"}"""));

    [Fact]
    public void Parse_UnknownField_IsRefusedNamingIt()
    {
        var e = Assert.Throws<VSchemaException>(() => VSchemaJson.ParseKeyspace("""{"tables": {"t": {"colum_vindexes": []}}}"""));
        Assert.Contains("colum_vindexes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedJson_IsAVSchemaException() =>
        Assert.Throws<VSchemaException>(() => VSchemaJson.ParseKeyspace("""{"sharded": tru"""));

    [Fact]
    public void Parse_WrongValueType_IsAVSchemaException() =>
        Assert.Throws<VSchemaException>(() => VSchemaJson.ParseKeyspace("""{"sharded": "yes"}"""));
}
