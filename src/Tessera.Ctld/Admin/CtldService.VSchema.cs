using Tessera.Topo.Backend;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Ctld.Admin;

public sealed partial class CtldService
{
    private readonly SemaphoreSlim _rebuildVSchema = new(1, 1);

    // Vitess's ApplyVSchema: parse, validate against the other keyspaces' current VSchemas (so a
    // sequence in another keyspace resolves), save under the keyspace lock, then rebuild every
    // cell's SrvVSchema (RebuildVSchemaGraph). Returns the VSchema as stored. dryRun validates
    // only. A table also claimed by another keyspace is not refused here: that is how MoveTables
    // starts, and routing rules settle it.
    public async Task<string> ApplyVSchemaAsync(string keyspace, string vschemaJson, bool dryRun = false, bool skipRebuild = false, IReadOnlyList<string>? cells = null, CancellationToken ct = default)
    {
        RequireName("keyspace", keyspace);
        if (string.IsNullOrWhiteSpace(vschemaJson))
            throw new CtldException("a VSchema is required (--vschema or --vschema-file)");
        await Topo.GetKeyspaceAsync(keyspace, ct);

        var ks = VSchemaJson.ParseKeyspace(vschemaJson);
        var others = await ReadServingVSchemaAsync(ct);
        var context = others with { Keyspaces = new Dictionary<string, KeyspaceVSchema>(others.Keyspaces) { [keyspace] = ks } };
        var errors = VSchemaValidator.ValidateKeyspace(keyspace, ks, null, context).Where(e => !e.IsCrossKeyspace).ToList();
        if (errors.Count > 0)
            throw new VSchemaException(errors);

        var stored = VSchemaJson.Write(ks, indented: true);
        if (dryRun)
            return stored;
        await using (await Topo.LockKeyspaceAsync(keyspace, "ApplyVSchema", ct))
        {
            await Topo.SaveVSchemaAsync(keyspace, stored, ct);
        }
        if (!skipRebuild)
            await RebuildVSchemaGraphAsync(cells, ct);
        return stored;
    }

    public Task<string> GetVSchemaAsync(string keyspace, CancellationToken ct = default) =>
        Topo.GetVSchemaAsync(RequireName("keyspace", keyspace), ct);

    // Parses and saves the routing rules (Vitess's ApplyRoutingRules), then rebuilds the serving
    // VSchema in the given cells (default: all). Returns the rules as stored.
    public async Task<string> ApplyRoutingRulesAsync(string rulesJson, bool dryRun = false, bool skipRebuild = false, IReadOnlyList<string>? cells = null, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(rulesJson))
            throw new CtldException("routing rules are required (--rules or --rules-file)");
        var rules = VSchemaJson.ParseRoutingRules(rulesJson);
        foreach (var rule in rules.Rules)
        {
            if (string.IsNullOrWhiteSpace(rule.FromTable))
                throw new CtldException("routing rule with an empty from_table");
        }
        var stored = VSchemaJson.Write(rules, indented: true);
        if (dryRun)
            return stored;
        await Topo.SaveRoutingRulesAsync(stored, ct);
        if (!skipRebuild)
            await RebuildVSchemaGraphAsync(cells, ct);
        return stored;
    }

    public Task<string> GetRoutingRulesAsync(CancellationToken ct = default) => Topo.GetRoutingRulesAsync(ct);

    // Vitess's RebuildVSchemaGraph: every keyspace's VSchema plus the routing rules, written as
    // the SrvVSchema of each cell (default: every known cell). Returns what was written.
    // Rebuilds run one at a time: two applies racing could otherwise write a SrvVSchema read
    // before the other's save after that one's rebuild, and leave the older picture served.
    public async Task<string> RebuildVSchemaGraphAsync(IReadOnlyList<string>? cells = null, CancellationToken ct = default)
    {
        await _rebuildVSchema.WaitAsync(ct);
        try
        {
            var json = VSchemaJson.Write(await ReadServingVSchemaAsync(ct), indented: true);
            foreach (var cell in NullIfEmpty(cells) ?? await Topo.GetKnownCellsAsync(ct))
                await Topo.SaveSrvVSchemaAsync(cell, json, ct);
            return json;
        }
        finally
        {
            _rebuildVSchema.Release();
        }
    }

    public Task<string> GetSrvVSchemaAsync(string cell, CancellationToken ct = default) =>
        Topo.GetSrvVSchemaAsync(RequireName("cell", cell), ct);

    // The serving VSchema as the topo holds it now: each keyspace's VSchema (an empty one where
    // none was saved) and the routing rules.
    private async Task<SrvVSchema> ReadServingVSchemaAsync(CancellationToken ct)
    {
        var keyspaces = new SortedDictionary<string, KeyspaceVSchema>(StringComparer.Ordinal);
        foreach (var name in await Topo.GetKeyspaceNamesAsync(ct))
        {
            try
            {
                keyspaces[name] = VSchemaJson.ParseKeyspace(await Topo.GetVSchemaAsync(name, ct));
            }
            catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
            {
                keyspaces[name] = new KeyspaceVSchema();
            }
        }
        var rules = VSchemaJson.ParseRoutingRules(await Topo.GetRoutingRulesAsync(ct));
        return new SrvVSchema
        {
            Keyspaces = keyspaces,
            RoutingRules = rules.Rules.Count > 0 ? rules : null,
        };
    }
}
