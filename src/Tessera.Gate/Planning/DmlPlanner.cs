using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Gate.Planning;

// UPDATE and DELETE of one table, routed by the vindex conjuncts of their WHERE like a SELECT
// (or to every shard). Changing a primary vindex column would move the row to another shard and
// is refused. On a table owning lookup vindexes the plan also reads the rows it will touch
// (the owned-vindex query) so their lookup rows are deleted or moved with them (Vitess:
// buildChangedVindexesValues, OwnedVindexQuery).
internal static class DmlPlanner
{
    public static IPrimitive PlanUpdate(PlanContext ctx, Update upd)
    {
        var (table, alias) = SingleTable(ctx, upd.Tables, "UPDATE");
        if (table is null)
        {
            return AllUnsharded(ctx, upd, upd.Tables, "UPDATE");
        }

        // The owned lookup vindexes this UPDATE changes, and the new value of each column set.
        var changed = new List<(ResolvedColumnVindex Cv, Dictionary<string, Expression>? Values)>();
        foreach (var a in upd.Set)
        {
            foreach (var cv in table.ColumnVindexes)
            {
                if (!cv.Columns.Any(c => c.Equals(a.Column.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                if (ReferenceEquals(cv, table.PrimaryVindex))
                {
                    throw GateErrors.UnsupportedError($"you cannot UPDATE primary vindex columns; invalid update on vindex: {cv.Vindex.Name}");
                }

                if (!cv.IsOwnedBy(table.Name))
                {
                    continue; // an unowned lookup is the application's to keep in step, as in Vitess
                }

                var entry = changed.FindIndex(x => ReferenceEquals(x.Cv, cv));
                if (entry < 0)
                {
                    changed.Add((cv, new Dictionary<string, Expression>(StringComparer.OrdinalIgnoreCase)));
                    entry = changed.Count - 1;
                }

                if (!changed[entry].Values!.TryAdd(a.Column.Name, a.Value))
                {
                    throw GateErrors.UnsupportedError($"column has duplicate set values: '{a.Column.Name}'");
                }
            }
        }

        var routing = Route(ctx, table, alias, upd.Where, upd.Limit is not null || upd.OrderBy.Count > 0, "UPDATE", out var inPredicate);
        var owned = changed.Count == 0 || !table.KeyspaceSharded ? null
            : OwnedVindexes(ctx, table, upd.Tables, upd.Where, upd.OrderBy, upd.Limit, inPredicate, changed);
        return new Dml("Update", routing, QueryText.For(upd, ctx, inPredicate), table.Name) { OwnedVindexes = owned };
    }

    public static IPrimitive PlanDelete(PlanContext ctx, Delete del)
    {
        if (del.Targets.Count > 0)
        {
            return AllUnsharded(ctx, del, del.From, "multi-table DELETE");
        }

        var (table, alias) = SingleTable(ctx, del.From, "DELETE");
        if (table is null)
        {
            return AllUnsharded(ctx, del, del.From, "DELETE");
        }

        var routing = Route(ctx, table, alias, del.Where, del.Limit is not null || del.OrderBy.Count > 0, "DELETE", out var inPredicate);
        var owned = table.ColumnVindexes.Skip(1).Where(cv => cv.IsOwnedBy(table.Name)).Select(cv => (cv, (Dictionary<string, Expression>?)null)).ToList();
        return new Dml("Delete", routing, QueryText.For(del, ctx, inPredicate), table.Name)
        {
            OwnedVindexes = owned.Count == 0 || !table.KeyspaceSharded ? null : OwnedVindexes(ctx, table, del.From, del.Where, del.OrderBy, del.Limit, inPredicate, owned),
        };
    }

    // `select <primary vindex column>, <owned vindex columns> [, <new values> ...] from ... where
    // ... for update` on the statement's own shards, and where each vindex's values sit in its rows.
    private static DmlOwnedVindexes OwnedVindexes(PlanContext ctx, ResolvedTable table, IReadOnlyList<TableExpr> from, Expression? where,
        IReadOnlyList<OrderItem> orderBy, Tessera.Sql.Ast.Tables.Limit? limit, Expression? inPredicate, IReadOnlyList<(ResolvedColumnVindex Cv, Dictionary<string, Expression>? Values)> vindexes)
    {
        var primary = table.PrimaryVindex!;
        var items = new List<SelectItem> { new(new ColumnName(primary.Columns[0])) };
        var newValues = new List<SelectItem>();
        var owned = new List<DmlOwnedVindex>();
        foreach (var (cv, _) in vindexes)
        {
            if (cv.Vindex is not Vindexes.LookupVindex lookup)
            {
                throw GateErrors.UnsupportedError($"owned vindex {cv.Vindex.Name} of {table.Name} is not a lookup vindex");
            }

            owned.Add(new DmlOwnedVindex(lookup, cv.Columns, items.Count));
            items.AddRange(cv.Columns.Select(c => new SelectItem(new ColumnName(c))));
        }

        for (var i = 0; i < owned.Count; i++)
        {
            if (vindexes[i].Values is not { } values)
            {
                continue;
            }

            var offsets = new int[owned[i].Columns.Count];
            var text = new List<string>();
            for (var c = 0; c < offsets.Length; c++)
            {
                offsets[c] = -1;
                if (values.TryGetValue(owned[i].Columns[c], out var v))
                {
                    if (AstFacts.Of([v]).Subqueries.Count > 0)
                    {
                        throw GateErrors.UnsupportedError($"subquery as the new value of lookup vindex column {owned[i].Columns[c]} of {table.Name}");
                    }

                    offsets[c] = items.Count + newValues.Count;
                    newValues.Add(new SelectItem(v));
                    text.Add(owned[i].Columns[c] + " = " + AstFacts.Text(v));
                }
            }

            owned[i] = owned[i] with { NewValueOffsets = offsets, NewValuesText = string.Join(", ", text) };
        }

        var select = new Select { Items = [.. items, .. newValues], From = from, Where = where, OrderBy = orderBy, Limit = limit, Lock = "for update" };
        return new DmlOwnedVindexes(table.Name, primary.Vindex, QueryText.For(select, ctx, inPredicate), owned);
    }

    private static RoutingParams Route(PlanContext ctx, ResolvedTable table, string alias, Expression? where, bool limited, string verb, out Expression? inPredicate)
    {
        if (table.Kind == TableKind.Reference)
        {
            inPredicate = null;
            if (table.KeyspaceSharded)
            {
                throw GateErrors.UnsupportedError($"{verb} of reference table {table.Name} in a sharded keyspace; write it in its source keyspace");
            }

            return new RoutingParams(RouteOpcode.Unsharded, table.Keyspace);
        }

        var conjuncts = AstFacts.SplitAnd(where);
        if (AstFacts.Of(conjuncts).Subqueries.Count > 0 && table.KeyspaceSharded)
        {
            throw GateErrors.UnsupportedError($"subquery in a sharded {verb}");
        }

        var (routing, inp) = VindexRouting.Choose(table, alias, conjuncts, true);
        inPredicate = inp;
        if (limited && !routing.Opcode.IsSingleShard())
        {
            throw GateErrors.UnsupportedError($"multi-shard {verb} with LIMIT or ORDER BY");
        }

        if (routing.Opcode == RouteOpcode.Unsharded && AstFacts.Of(conjuncts).Subqueries is { Count: > 0 } subs)
        {
            var unit = new RouteUnit { Routing = routing };
            unit.Tables.Add((alias, table));
            SubqueryCheck.Check(ctx, unit, subs);
        }

        return routing;
    }

    private static (ResolvedTable? Table, string Alias) SingleTable(PlanContext ctx, IReadOnlyList<TableExpr> tables, string verb)
    {
        if (tables is [AliasedTable at] && !TableResolver.IsSystemSchema(at.Name.Qualifier))
        {
            return (TableResolver.Resolve(ctx, at.Name), at.Alias ?? at.Name.Name);
        }

        _ = verb;
        return (null, "");
    }

    // Multi-table UPDATE / DELETE: only where every table is in one unsharded keyspace.
    private static IPrimitive AllUnsharded(PlanContext ctx, Statement stmt, IReadOnlyList<TableExpr> tables, string verb)
    {
        var names = new List<TableName>();
        foreach (var t in tables)
        {
            Collect(t, names);
        }

        string? keyspace = null;
        foreach (var n in names)
        {
            var rt = TableResolver.Resolve(ctx, n);
            if (rt.KeyspaceSharded || (keyspace is not null && keyspace != rt.Keyspace))
            {
                throw GateErrors.UnsupportedError($"{verb} of several tables across shards or keyspaces");
            }

            keyspace = rt.Keyspace;
        }

        if (keyspace is null)
        {
            throw GateErrors.UnsupportedError($"{verb} without a table");
        }

        return new Dml(stmt is Update ? "Update" : "Delete", new RoutingParams(RouteOpcode.Unsharded, keyspace), QueryText.For(stmt, ctx), string.Join(", ", names.Select(n => n.Name)));
    }

    private static void Collect(TableExpr t, List<TableName> names)
    {
        switch (t)
        {
            case AliasedTable a:
                names.Add(a.Name);
                break;
            case JoinTable j:
                Collect(j.Left, names);
                Collect(j.Right, names);
                break;
            case ParenTableExpr p:
                foreach (var i in p.Items)
                {
                    Collect(i, names);
                }

                break;
            default:
                throw GateErrors.UnsupportedError("derived table in a multi-table DML");
        }
    }
}
