using System.Collections.Frozen;

namespace Tessera.Vindexes.VSchemas;

// The immutable, resolved VSchema the planner reads: built once from a SrvVSchema and replaced
// whole when it changes (see VSchemaHolder). Vitess: vindexes.BuildVSchema / FindRoutedTable.
public sealed class VSchemaSnapshot
{
    private readonly FrozenDictionary<string, IReadOnlyList<string>> _routingRules;
    private readonly FrozenDictionary<string, IReadOnlyList<ResolvedTable>> _globalTables;

    private VSchemaSnapshot(SrvVSchema source, long revision, FrozenDictionary<string, ResolvedKeyspace> keyspaces, IReadOnlyList<VSchemaError> errors)
    {
        Source = source;
        Revision = revision;
        Keyspaces = keyspaces;
        Errors = errors;
        _routingRules = (source.RoutingRules?.Rules ?? [])
            .GroupBy(r => r.FromTable, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Last().ToTables, StringComparer.Ordinal);
        _globalTables = keyspaces.Values
            .Where(k => !k.RequireExplicitRouting)
            .SelectMany(k => k.Tables.Values)
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<ResolvedTable>)[.. g.OrderBy(t => t.Keyspace, StringComparer.Ordinal)], StringComparer.Ordinal);
    }

    public static VSchemaSnapshot Empty { get; } = Build(new SrvVSchema());

    public SrvVSchema Source { get; }

    public long Revision { get; }

    public IReadOnlyDictionary<string, ResolvedKeyspace> Keyspaces { get; }

    // Every validation problem; also attached to the keyspace it concerns.
    public IReadOnlyList<VSchemaError> Errors { get; }

    public static VSchemaSnapshot Build(SrvVSchema source, VindexRegistry? registry = null, long revision = 0)
    {
        ArgumentNullException.ThrowIfNull(source);
        registry ??= VindexRegistry.Default;
        IReadOnlyList<VSchemaError> errors = VSchemaValidator.Validate(source, registry);
        var keyspaces = new Dictionary<string, ResolvedKeyspace>(StringComparer.Ordinal);
        foreach ((string name, KeyspaceVSchema ks) in source.Keyspaces)
        {
            keyspaces[name] = BuildKeyspace(name, ks, registry, [.. errors.Where(e => e.Keyspace == name && !e.IsCrossKeyspace)]);
        }

        var snapshot = new VSchemaSnapshot(source, revision, keyspaces.ToFrozenDictionary(StringComparer.Ordinal), errors);
        snapshot.ResolveAutoIncrements();
        return snapshot;
    }

    // The table a query names, after routing rules: `keyspace` null for an unqualified name;
    // `tabletType` "primary", "replica" or "rdonly" selects the per-type rules MoveTables writes.
    public ResolvedTable FindTable(string? keyspace, string table, string tabletType = "primary")
    {
        ArgumentNullException.ThrowIfNull(table);
        string qualified = keyspace is null ? table : $"{keyspace}.{table}";
        string key = tabletType == "primary" ? qualified : $"{qualified}@{tabletType}";
        if (_routingRules.TryGetValue(key, out IReadOnlyList<string>? targets)
            || (tabletType != "primary" && _routingRules.TryGetValue(qualified, out targets)))
        {
            if (targets.Count == 0)
            {
                throw new VSchemaException(VSchemaErrorKind.DisabledTable, $"table {table} has been disabled");
            }

            TableName target = TableName.Parse(targets[0]);
            if (target.Keyspace is null)
            {
                throw new VSchemaException(VSchemaErrorKind.Invalid, $"routing rule for {key} has no keyspace in its target {targets[0]}");
            }

            return FindInKeyspace(target.Keyspace, target.Table);
        }

        return keyspace is null ? FindGlobal(table) : FindInKeyspace(keyspace, table);
    }

    private ResolvedTable FindInKeyspace(string keyspace, string table)
    {
        if (!Keyspaces.TryGetValue(keyspace, out ResolvedKeyspace? ks))
        {
            throw new VSchemaException(VSchemaErrorKind.UnknownKeyspace, $"keyspace {keyspace} not found in vschema");
        }

        if (ks.Errors.Count > 0)
        {
            throw new VSchemaException(VSchemaErrorKind.Invalid, $"keyspace {keyspace} has an invalid VSchema: {string.Join("; ", ks.Errors.Select(e => e.Message))}");
        }

        if (ks.Tables.TryGetValue(table, out ResolvedTable? t))
        {
            return t;
        }

        if (!ks.Sharded)
        {
            return new ResolvedTable(keyspace, false, table, TableKind.Normal, [], null);
        }

        throw new VSchemaException(VSchemaErrorKind.UnknownTable, $"table {table} not found in keyspace {keyspace}");
    }

    private ResolvedTable FindGlobal(string table)
    {
        if (_globalTables.TryGetValue(table, out IReadOnlyList<ResolvedTable>? found))
        {
            // Reference copies defer to their source, as in Vitess.
            List<ResolvedTable> competing = [.. found.Where(t => !(t.Kind == TableKind.Reference && t.Source is not null))];
            if (competing.Count == 0)
            {
                competing = [.. found];
            }

            if (competing.Count > 1)
            {
                throw new VSchemaException(VSchemaErrorKind.AmbiguousTable, $"ambiguous table reference: {table} (in keyspaces {string.Join(", ", competing.Select(t => t.Keyspace))})");
            }

            return FindInKeyspace(competing[0].Keyspace, table);
        }

        if (Keyspaces.Count == 1 && Keyspaces.Values.First() is { Sharded: false } only)
        {
            return FindInKeyspace(only.Name, table);
        }

        throw new VSchemaException(VSchemaErrorKind.UnknownTable, $"table {table} not found");
    }

    private static ResolvedKeyspace BuildKeyspace(string name, KeyspaceVSchema ks, VindexRegistry registry, IReadOnlyList<VSchemaError> errors)
    {
        var vindexes = new Dictionary<string, IVindex>(StringComparer.Ordinal);
        foreach ((string vname, VindexSpec spec) in ks.Vindexes)
        {
            if (registry.IsKnown(spec.Type))
            {
                try
                {
                    vindexes[vname] = registry.Create(spec.Type, vname, spec.Params);
                }
                catch (VindexException)
                {
                    // Reported by the validator.
                }
            }
        }

        var tables = new Dictionary<string, ResolvedTable>(StringComparer.Ordinal);
        foreach ((string tname, TableSpec spec) in ks.Tables)
        {
            TableKind kind = spec.IsSequence ? TableKind.Sequence : spec.IsReference ? TableKind.Reference : TableKind.Normal;
            var cvs = new List<ResolvedColumnVindex>();
            foreach (ColumnVindexSpec cv in spec.ColumnVindexes)
            {
                if (vindexes.TryGetValue(cv.Name, out IVindex? v))
                {
                    cvs.Add(new ResolvedColumnVindex(v, cv.AllColumns, ks.Vindexes[cv.Name].Owner is { Length: > 0 } o ? o : null));
                }
            }

            tables[tname] = new ResolvedTable(name, ks.Sharded, tname, kind, kind == TableKind.Normal ? cvs : [], spec);
        }

        return new ResolvedKeyspace(name, ks, vindexes.ToFrozenDictionary(StringComparer.Ordinal), tables.ToFrozenDictionary(StringComparer.Ordinal), errors);
    }

    private void ResolveAutoIncrements()
    {
        foreach (ResolvedKeyspace ks in Keyspaces.Values)
        {
            foreach ((string tname, TableSpec spec) in ks.Source.Tables)
            {
                if (spec.AutoIncrement is not { } auto)
                {
                    continue;
                }

                try
                {
                    TableName seq = TableName.Parse(auto.Sequence);
                    ResolvedTable sequence = FindTable(seq.Keyspace, seq.Table);
                    if (sequence.Kind == TableKind.Sequence)
                    {
                        ks.Tables[tname].AutoIncrement = new ResolvedAutoIncrement(auto.Column, sequence);
                    }
                }
                catch (VSchemaException)
                {
                    // Reported by the validator.
                }
            }
        }
    }
}
