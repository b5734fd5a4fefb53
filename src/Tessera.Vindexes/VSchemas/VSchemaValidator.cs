namespace Tessera.Vindexes.VSchemas;

// Checks a VSchema before it is applied or served, naming each problem the way Vitess does
// (go/vt/vtgate/vindexes/vschema.go): unknown vindex types and bad params, sharded tables
// without a unique primary vindex, sequences in sharded keyspaces, unresolvable
// auto_increment sequences, and tables that two keyspaces claim with no routing rule.
public static class VSchemaValidator
{
    public static IReadOnlyList<VSchemaError> Validate(SrvVSchema srv, VindexRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(srv);
        var errors = new List<VSchemaError>();
        foreach ((string name, KeyspaceVSchema ks) in srv.Keyspaces.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            errors.AddRange(ValidateKeyspace(name, ks, registry, srv));
        }

        errors.AddRange(CheckAmbiguousTables(srv));
        return errors;
    }

    public static void ThrowIfInvalid(SrvVSchema srv, VindexRegistry? registry = null)
    {
        IReadOnlyList<VSchemaError> errors = Validate(srv, registry);
        if (errors.Count > 0)
        {
            throw new VSchemaException(errors);
        }
    }

    // One keyspace; `context` (the rest of the serving VSchema, if known) resolves sequences
    // that live in other keyspaces.
    public static IReadOnlyList<VSchemaError> ValidateKeyspace(string keyspace, KeyspaceVSchema ks, VindexRegistry? registry = null, SrvVSchema? context = null)
    {
        ArgumentNullException.ThrowIfNull(keyspace);
        ArgumentNullException.ThrowIfNull(ks);
        registry ??= VindexRegistry.Default;
        var errors = new List<VSchemaError>();
        void Error(string message) => errors.Add(new VSchemaError(keyspace, message));

        var vindexes = new Dictionary<string, IVindex>(StringComparer.Ordinal);
        foreach ((string name, VindexSpec spec) in ks.Vindexes.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!registry.IsKnown(spec.Type))
            {
                Error($"vindex {name}: unknown vindex type '{spec.Type}'");
                continue;
            }

            try
            {
                vindexes[name] = registry.Create(spec.Type, name, spec.Params);
            }
            catch (VindexException e)
            {
                Error(e.Message);
            }
        }

        foreach ((string tableName, TableSpec table) in ks.Tables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            ValidateTable(keyspace, ks, tableName, table, vindexes, Error);
            if (table.AutoIncrement is { } auto)
            {
                string? problem = CheckSequence(keyspace, auto.Sequence, ks, context);
                if (problem is not null)
                {
                    Error($"cannot resolve sequence {auto.Sequence} for table {tableName}: {problem}");
                }
            }
        }

        return errors;
    }

    private static void ValidateTable(string keyspace, KeyspaceVSchema ks, string tableName, TableSpec table, Dictionary<string, IVindex> vindexes, Action<string> error)
    {
        switch (table.Type)
        {
            case null or "":
                break;
            case TableSpec.SequenceType:
                if (ks.Sharded && string.IsNullOrEmpty(table.Pinned))
                {
                    error($"sequence table has to be in an unsharded keyspace or must be pinned: {tableName}");
                }

                return;
            case TableSpec.ReferenceType:
                if (table.Source is { Length: > 0 } source && TableName.Parse(source).Keyspace == keyspace)
                {
                    error($"source \"{source}\" may not reference a table in the same keyspace as table: {tableName}");
                }

                return;
            default:
                error($"unidentified table type {table.Type} for table {tableName}");
                return;
        }

        if (!ks.Sharded || !string.IsNullOrEmpty(table.Pinned))
        {
            return;
        }

        if (table.ColumnVindexes.Count == 0)
        {
            error($"missing primary col vindex for table: {tableName}");
            return;
        }

        for (int i = 0; i < table.ColumnVindexes.Count; i++)
        {
            ColumnVindexSpec cv = table.ColumnVindexes[i];
            if (!ks.Vindexes.TryGetValue(cv.Name, out VindexSpec? spec))
            {
                error($"vindex {cv.Name} not found for table {tableName}");
                continue;
            }

            if (cv.Column is { Length: > 0 } && cv.Columns.Count > 0)
            {
                error($"can't use column and columns at the same time in vindex ({cv.Name}) and table ({tableName})");
            }
            else if (cv.AllColumns.Count == 0)
            {
                error($"must specify at least one column for vindex ({cv.Name}) and table ({tableName})");
            }

            if (i == 0 && vindexes.TryGetValue(cv.Name, out IVindex? primary))
            {
                if (!primary.IsUnique)
                {
                    error($"primary vindex {cv.Name} is not Unique for table {tableName}");
                }

                // Only lookup vindexes have rows to own (Vitess: vindexes.Lookup).
                if (primary is LookupVindex && spec.Owner == tableName)
                {
                    error($"primary vindex {cv.Name} cannot be owned for table {tableName}");
                }
            }
        }
    }

    // Null when the sequence resolves to a table of type "sequence".
    private static string? CheckSequence(string keyspace, string sequence, KeyspaceVSchema ks, SrvVSchema? context)
    {
        if (string.IsNullOrWhiteSpace(sequence))
        {
            return "no sequence named";
        }

        TableName name = TableName.Parse(sequence);
        var candidates = new List<(string Keyspace, TableSpec Table)>();
        if (name.Keyspace is not null)
        {
            KeyspaceVSchema? target = name.Keyspace == keyspace ? ks : null;
            if (target is null && context?.Keyspaces.TryGetValue(name.Keyspace, out KeyspaceVSchema? other) == true)
            {
                target = other;
            }

            if (target is null)
            {
                return $"keyspace {name.Keyspace} not found";
            }

            if (target.Tables.TryGetValue(name.Table, out TableSpec? t))
            {
                candidates.Add((name.Keyspace, t));
            }
        }
        else
        {
            if (ks.Tables.TryGetValue(name.Table, out TableSpec? own))
            {
                candidates.Add((keyspace, own));
            }

            foreach ((string otherName, KeyspaceVSchema other) in context?.Keyspaces ?? new Dictionary<string, KeyspaceVSchema>())
            {
                if (otherName != keyspace && other.Tables.TryGetValue(name.Table, out TableSpec? t))
                {
                    candidates.Add((otherName, t));
                }
            }
        }

        List<(string Keyspace, TableSpec Table)> sequences = [.. candidates.Where(c => c.Table.IsSequence)];
        if (sequences.Count == 0)
        {
            return candidates.Count == 0
                ? $"table {name.Table} not found"
                : $"table {name.Table} in keyspace {candidates[0].Keyspace} is not a sequence table";
        }

        return sequences.Count > 1 && name.Keyspace is null
            ? $"ambiguous sequence {name.Table} (in keyspaces {string.Join(", ", sequences.Select(s => s.Keyspace))}): qualify it with its keyspace"
            : null;
    }

    // A table listed by several keyspaces (that take part in global routing) must have a routing
    // rule for its unqualified name, or a query naming it cannot be routed. Reference tables whose
    // `source` is the other copy are fine.
    private static IEnumerable<VSchemaError> CheckAmbiguousTables(SrvVSchema srv)
    {
        var routed = new HashSet<string>(
            (srv.RoutingRules?.Rules ?? []).Select(r => r.FromTable).Where(f => !f.Contains('.', StringComparison.Ordinal) && !f.Contains('@', StringComparison.Ordinal)),
            StringComparer.Ordinal);
        var owners = new Dictionary<string, List<(string Keyspace, TableSpec Table)>>(StringComparer.Ordinal);
        foreach ((string ksName, KeyspaceVSchema ks) in srv.Keyspaces)
        {
            if (ks.RequireExplicitRouting)
            {
                continue;
            }

            foreach ((string t, TableSpec spec) in ks.Tables)
            {
                if (!owners.TryGetValue(t, out var list))
                {
                    owners[t] = list = [];
                }

                list.Add((ksName, spec));
            }
        }

        foreach ((string table, var list) in owners.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            // Reference copies pointing at their source do not compete with it.
            var competing = list.Where(e => !(e.Table.IsReference && !string.IsNullOrEmpty(e.Table.Source))).ToList();
            if (competing.Count > 1 && !routed.Contains(table))
            {
                string keyspaces = string.Join(", ", competing.Select(c => c.Keyspace).Order(StringComparer.Ordinal));
                yield return new VSchemaError(
                    competing.Select(c => c.Keyspace).Order(StringComparer.Ordinal).First(),
                    $"table {table} is in keyspaces {keyspaces} and no routing rule says which one serves it")
                {
                    IsCrossKeyspace = true,
                };
            }
        }
    }
}
