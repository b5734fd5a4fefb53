using Tessera.Keys;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Vindexes.Tests.VSchemas;

public class VSchemaSnapshotTests
{
    private static SrvVSchema SeedsAfterResharding() => new()
    {
        Keyspaces = new Dictionary<string, KeyspaceVSchema>
        {
            ["commerce"] = VSchemaJson.ParseKeyspace(Fixtures.CommerceWithSequences),
            ["customer"] = VSchemaJson.ParseKeyspace(Fixtures.CustomerSharded),
        },
    };

    [Fact]
    public void Snapshot_SeedsCustomerIds_LandInTheSeedsShards()
    {
        VSchemaSnapshot s = VSchemaSnapshot.Build(SeedsAfterResharding());
        ResolvedTable customer = s.FindTable(null, "customer");
        var hash = (IHashingVindex)customer.PrimaryVindex!.Vindex;
        var shards = DestinationResolver.FromShardNames(["-80", "80-"]);
        string[] expected = ["-80", "-80", "-80", "80-", "-80"];
        for (int id = 1; id <= 5; id++)
        {
            Assert.Equal([expected[id - 1]], shards.Resolve(hash.Map(SqlValue.FromInt64(id))));
        }
    }

    [Fact]
    public void Snapshot_ResolvesOwnerPrimaryVindexAndSequence()
    {
        VSchemaSnapshot s = VSchemaSnapshot.Build(SeedsAfterResharding());
        ResolvedTable corder = s.FindTable(null, "corder");
        Assert.Equal("customer", corder.Keyspace);
        Assert.True(corder.KeyspaceSharded);
        Assert.Equal("hash", corder.PrimaryVindex!.Vindex.TypeName);
        Assert.Equal(["customer_id"], corder.PrimaryVindex.Columns);
        Assert.Equal("order_id", corder.AutoIncrement!.Column);
        Assert.Equal("commerce", corder.AutoIncrement.Sequence.Keyspace);
        Assert.Equal("order_seq", corder.AutoIncrement.Sequence.Name);
        Assert.Equal(TableKind.Sequence, s.FindTable("commerce", "customer_seq").Kind);
        Assert.Empty(s.Errors);
    }

    [Fact]
    public void Snapshot_QualifiedName_FindsTheKeyspaceTable() =>
        Assert.Equal("product", VSchemaSnapshot.Build(SeedsAfterResharding()).FindTable("commerce", "product").Name);

    [Fact]
    public void Snapshot_UnknownTable_IsAnErrorNamingIt()
    {
        VSchemaSnapshot s = VSchemaSnapshot.Build(SeedsAfterResharding());
        VSchemaException unknown = Assert.Throws<VSchemaException>(() => s.FindTable(null, "nope"));
        Assert.Contains("table nope not found", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(VSchemaErrorKind.UnknownTable, unknown.Kind);
        Assert.Contains("table nope not found in keyspace customer", Assert.Throws<VSchemaException>(() => s.FindTable("customer", "nope")).Message, StringComparison.Ordinal);
        VSchemaException keyspace = Assert.Throws<VSchemaException>(() => s.FindTable("nowhere", "t"));
        Assert.Contains("keyspace nowhere not found", keyspace.Message, StringComparison.Ordinal);
        Assert.Equal(VSchemaErrorKind.UnknownKeyspace, keyspace.Kind);
    }

    [Fact]
    public void Snapshot_UnlistedTableOfUnshardedKeyspace_RoutesThere()
    {
        VSchemaSnapshot s = VSchemaSnapshot.Build(SeedsAfterResharding());
        ResolvedTable t = s.FindTable("commerce", "not_in_vschema");
        Assert.Equal("commerce", t.Keyspace);
        Assert.False(t.IsDeclared);
    }

    [Fact]
    public void Snapshot_SingleUnshardedKeyspace_TakesUnqualifiedUnlistedTables()
    {
        VSchemaSnapshot s = VSchemaSnapshot.Build(new SrvVSchema { Keyspaces = new Dictionary<string, KeyspaceVSchema> { ["commerce"] = VSchemaJson.ParseKeyspace(Fixtures.CommerceInitial) } });
        Assert.Equal("commerce", s.FindTable(null, "anything").Keyspace);
    }

    [Fact]
    public void Snapshot_AmbiguousTable_IsAnErrorWhileOtherTablesServe()
    {
        var srv = new SrvVSchema
        {
            Keyspaces = new Dictionary<string, KeyspaceVSchema>
            {
                ["commerce"] = VSchemaJson.ParseKeyspace(Fixtures.CommerceInitial),
                ["customer"] = VSchemaJson.ParseKeyspace("""{"sharded": true, "vindexes": {"hash": {"type": "hash"}}, "tables": {"customer": {"column_vindexes": [{"column": "customer_id", "name": "hash"}]}}}"""),
            },
        };
        VSchemaSnapshot s = VSchemaSnapshot.Build(srv);
        var e = Assert.Throws<VSchemaException>(() => s.FindTable(null, "customer"));
        Assert.Contains("ambiguous table reference: customer", e.Message, StringComparison.Ordinal);
        Assert.Equal(VSchemaErrorKind.AmbiguousTable, e.Kind);
        Assert.Equal("commerce", s.FindTable(null, "product").Keyspace);
        Assert.Equal("customer", s.FindTable("customer", "customer").Keyspace);
    }

    [Fact]
    public void Snapshot_RoutingRules_PickTheTargetPerTabletType()
    {
        var srv = new SrvVSchema
        {
            Keyspaces = new Dictionary<string, KeyspaceVSchema>
            {
                ["commerce"] = VSchemaJson.ParseKeyspace(Fixtures.CommerceInitial),
                ["customer"] = VSchemaJson.ParseKeyspace("""{"tables": {"customer": {}, "corder": {}}}"""),
            },
            RoutingRules = VSchemaJson.ParseRoutingRules(Fixtures.RoutingRulesDuringMoveTables),
        };
        VSchemaSnapshot s = VSchemaSnapshot.Build(srv);
        Assert.Equal("commerce", s.FindTable(null, "customer").Keyspace);
        Assert.Equal("commerce", s.FindTable("customer", "customer").Keyspace);
        Assert.Equal("customer", s.FindTable(null, "customer", "replica").Keyspace);
        Assert.Equal("customer", s.FindTable("customer", "customer", "replica").Keyspace);
        Assert.Equal("commerce", s.FindTable(null, "corder", "replica").Keyspace);
        Assert.Equal("customer", s.FindTable(null, "corder", "rdonly").Keyspace);
    }

    [Fact]
    public void Snapshot_EmptyRoutingRuleTarget_DisablesTheTable()
    {
        var srv = new SrvVSchema
        {
            Keyspaces = new Dictionary<string, KeyspaceVSchema> { ["commerce"] = VSchemaJson.ParseKeyspace(Fixtures.CommerceInitial) },
            RoutingRules = new RoutingRules { Rules = [new RoutingRule { FromTable = "customer", ToTables = [] }] },
        };
        Assert.Contains("has been disabled", Assert.Throws<VSchemaException>(() => VSchemaSnapshot.Build(srv).FindTable(null, "customer")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_ReferenceTables_AndLookupOwners_AreResolved()
    {
        var srv = new SrvVSchema
        {
            Keyspaces = new Dictionary<string, KeyspaceVSchema>
            {
                ["customer"] = VSchemaJson.ParseKeyspace(Fixtures.VitessStyleSharded),
                ["lookup"] = VSchemaJson.ParseKeyspace(Fixtures.VitessStyleLookup),
            },
        };
        VSchemaSnapshot s = VSchemaSnapshot.Build(srv);
        Assert.Empty(s.Errors);
        ResolvedTable countries = s.FindTable("customer", "countries");
        Assert.Equal(TableKind.Reference, countries.Kind);
        Assert.Equal("lookup.countries", countries.Source);
        Assert.Equal("lookup", s.FindTable(null, "countries").Keyspace);
        ResolvedTable user = s.FindTable(null, "user");
        Assert.Equal("xxhash", user.PrimaryVindex!.Vindex.TypeName);
        Assert.True(user.ColumnVindexes[1].IsOwnedBy("user"));
        Assert.IsType<LookupVindex>(user.ColumnVindexes[1].Vindex);
        Assert.Equal("user_seq", user.AutoIncrement!.Sequence.Name);
    }

    [Fact]
    public void Snapshot_InvalidKeyspace_RefusesLookupsButOthersServe()
    {
        var srv = new SrvVSchema
        {
            Keyspaces = new Dictionary<string, KeyspaceVSchema>
            {
                ["commerce"] = VSchemaJson.ParseKeyspace(Fixtures.CommerceWithSequences),
                ["broken"] = VSchemaJson.ParseKeyspace("""{"sharded": true, "tables": {"t": {}}}"""),
            },
        };
        VSchemaSnapshot s = VSchemaSnapshot.Build(srv);
        Assert.Single(s.Errors);
        Assert.Contains("missing primary col vindex", Assert.Throws<VSchemaException>(() => s.FindTable("broken", "t")).Message, StringComparison.Ordinal);
        Assert.Equal("commerce", s.FindTable(null, "product").Keyspace);
    }

    [Fact]
    public void Holder_Update_SwapsTheWholeSnapshot()
    {
        var holder = new VSchemaHolder();
        VSchemaSnapshot before = holder.Current;
        VSchemaSnapshot? seen = null;
        holder.Changed += s => seen = s;
        VSchemaSnapshot after = holder.Update(SeedsAfterResharding());
        Assert.Same(after, holder.Current);
        Assert.Same(after, seen);
        Assert.Equal(before.Revision + 1, after.Revision);
        Assert.Throws<VSchemaException>(() => before.FindTable(null, "corder"));
        Assert.Equal("customer", holder.Current.FindTable(null, "corder").Keyspace);
    }
}
