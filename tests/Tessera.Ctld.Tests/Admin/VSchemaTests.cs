using Tessera.Ctld.Admin;
using Tessera.Topo.Backend;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Ctld.Tests.Admin;

public class VSchemaTests
{
    private static async Task<CtldService> SeedsAsync()
    {
        var ctld = CtldFixture.Create();
        await ctld.CreateKeyspaceAsync("commerce");
        await ctld.CreateKeyspaceAsync("customer");
        return ctld;
    }

    [Fact]
    public async Task ApplyVSchema_SeedsCustomer_ResolvesItsSequencesInCommerce_AndRebuildsTheServingVSchema()
    {
        var ctld = await SeedsAsync();
        await ctld.ApplyVSchemaAsync("commerce", CtldFixture.CommerceVSchema);
        var stored = await ctld.ApplyVSchemaAsync("customer", CtldFixture.CustomerVSchema);

        Assert.Equal(stored, await ctld.GetVSchemaAsync("customer"));
        var customer = VSchemaJson.ParseKeyspace(await ctld.GetVSchemaAsync("customer"));
        Assert.True(customer.Sharded);
        Assert.Equal("customer_seq", customer.Tables["customer"].AutoIncrement!.Sequence);

        var srv = VSchemaJson.ParseSrvVSchema(await ctld.GetSrvVSchemaAsync("zone1"));
        Assert.Equal(["commerce", "customer"], srv.Keyspaces.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("hash", srv.Keyspaces["customer"].Vindexes["hash"].Type);
        Assert.DoesNotContain(VSchemaValidator.Validate(srv), e => !e.IsCrossKeyspace);
    }

    [Fact]
    public async Task ApplyVSchema_SequenceNowhere_FailsNamingTheSequence_AndSavesNothing()
    {
        var ctld = await SeedsAsync();
        var e = await Assert.ThrowsAsync<VSchemaException>(() => ctld.ApplyVSchemaAsync("customer", CtldFixture.CustomerVSchema));
        Assert.Contains("cannot resolve sequence customer_seq for table customer", e.Message, StringComparison.Ordinal);
        Assert.Equal("{}", await ctld.GetVSchemaAsync("customer"));
    }

    [Theory]
    [InlineData("""{"sharded": true, "vindexes": {"h": {"type": "hashx"}}, "tables": {"t": {"column_vindexes": [{"column": "id", "name": "h"}]}}}""", "unknown vindex type 'hashx'")]
    [InlineData("""{"sharded": true, "tables": {"t": {}}}""", "missing primary col vindex for table: t")]
    [InlineData("""{"sharded": true, "tables": {"t": {"column_vindexes": [{"column": "id", "name": "nope"}]}}}""", "vindex nope not found for table t")]
    [InlineData("""{"tables": {"t": {"typo_field": 1}}}""", "typo_field")]
    [InlineData("""{"tables": """, "invalid KeyspaceVSchema JSON")]
    public async Task ApplyVSchema_Invalid_FailsNamingTheProblem_AndKeepsTheOldVSchema(string vschema, string problem)
    {
        var ctld = await SeedsAsync();
        await ctld.ApplyVSchemaAsync("commerce", CtldFixture.CommerceVSchema);
        var before = await ctld.GetVSchemaAsync("commerce");

        var e = await Assert.ThrowsAsync<VSchemaException>(() => ctld.ApplyVSchemaAsync("commerce", vschema));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ctld.GetVSchemaAsync("commerce"));
    }

    [Fact]
    public async Task ApplyVSchema_DryRun_ValidatesAndAnswers_ButSavesNothing()
    {
        var ctld = await SeedsAsync();
        var answer = await ctld.ApplyVSchemaAsync("commerce", CtldFixture.CommerceVSchema, dryRun: true);

        Assert.Contains("customer_seq", answer, StringComparison.Ordinal);
        Assert.Equal("{}", await ctld.GetVSchemaAsync("commerce"));
        Assert.Empty(VSchemaJson.ParseSrvVSchema(await ctld.GetSrvVSchemaAsync("zone1")).Keyspaces["commerce"].Tables);
    }

    [Fact]
    public async Task ApplyVSchema_UnknownKeyspace_FailsNamingIt()
    {
        var ctld = CtldFixture.Create();
        var e = await Assert.ThrowsAsync<TopoException>(() => ctld.ApplyVSchemaAsync("nope", "{}"));
        Assert.Equal(TopoErrorCode.NoNode, e.Code);
        Assert.Contains("keyspace 'nope' not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyVSchema_TableAlsoInAnotherKeyspace_IsAccepted_AsMoveTablesStartsThatWay()
    {
        var ctld = await SeedsAsync();
        await ctld.ApplyVSchemaAsync("commerce", """{"tables": {"customer": {}, "corder": {}}}""");
        await ctld.ApplyVSchemaAsync("customer", """{"tables": {"customer": {}, "corder": {}}}""");

        Assert.Equal(2, VSchemaJson.ParseSrvVSchema(await ctld.GetSrvVSchemaAsync("zone1")).Keyspaces.Count(k => k.Value.Tables.ContainsKey("customer")));
    }

    [Fact]
    public async Task ApplyRoutingRules_AreStored_AndServed_AndEmptyRulesReadBackAsVitessDoes()
    {
        var ctld = await SeedsAsync();
        Assert.Equal("""{"rules":[]}""", await ctld.GetRoutingRulesAsync());

        await ctld.ApplyRoutingRulesAsync("""{"rules": [{"from_table": "customer", "to_tables": ["commerce.customer"]}]}""");

        var rules = VSchemaJson.ParseRoutingRules(await ctld.GetRoutingRulesAsync());
        Assert.Equal("commerce.customer", Assert.Single(Assert.Single(rules.Rules).ToTables));
        var srv = VSchemaJson.ParseSrvVSchema(await ctld.GetSrvVSchemaAsync("zone1"));
        Assert.Equal("customer", Assert.Single(srv.RoutingRules!.Rules).FromTable);
    }

    [Fact]
    public async Task ApplyRoutingRules_Malformed_FailsAndKeepsTheOldRules()
    {
        var ctld = await SeedsAsync();
        await Assert.ThrowsAsync<VSchemaException>(() => ctld.ApplyRoutingRulesAsync("""{"rulez": []}"""));
        await Assert.ThrowsAsync<CtldException>(() => ctld.ApplyRoutingRulesAsync("""{"rules": [{"to_tables": ["a.b"]}]}"""));
        Assert.Equal("""{"rules":[]}""", await ctld.GetRoutingRulesAsync());
    }

    [Fact]
    public async Task RebuildVSchemaGraph_WritesTheGivenCells()
    {
        var ctld = await SeedsAsync();
        await ctld.RebuildVSchemaGraphAsync(["zone2"]);

        var srv = VSchemaJson.ParseSrvVSchema(await ctld.GetSrvVSchemaAsync("zone2"));
        Assert.Equal(["commerce", "customer"], srv.Keyspaces.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ApplyVSchema_ManyKeyspacesAtOnce_TheServingVSchemaEndsWithEveryOne()
    {
        var ctld = CtldFixture.CreateSlow();
        var names = Enumerable.Range(0, 8).Select(i => $"ks{i}").ToArray();
        foreach (var name in names)
            await ctld.CreateKeyspaceAsync(name);

        // Staggered, so saves land while other applies are rebuilding.
        await Task.WhenAll(names.Select((name, i) => Task.Run(async () =>
        {
            await Task.Delay(i * 7);
            await ctld.ApplyVSchemaAsync(name, "{\"tables\": {\"t_" + name + "\": {}}}");
        })));

        var srv = VSchemaJson.ParseSrvVSchema(await ctld.GetSrvVSchemaAsync("zone1"));
        foreach (var name in names)
            Assert.True(srv.Keyspaces[name].Tables.ContainsKey($"t_{name}"), $"SrvVSchema lost {name}'s table");
    }
}
