using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Gate.Planning;

// UPDATE and DELETE of one table, routed by the vindex conjuncts of their WHERE like a SELECT
// (or to every shard). Changing a primary vindex column would move the row to another shard and
// is refused, as are writes that would leave an owned lookup vindex behind.
internal static class DmlPlanner
{
    public static IPrimitive PlanUpdate(PlanContext ctx, Update upd)
    {
        var (table, alias) = SingleTable(ctx, upd.Tables, "UPDATE");
        if (table is null)
        {
            return AllUnsharded(ctx, upd, upd.Tables, "UPDATE");
        }

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

                throw GateErrors.UnsupportedError($"UPDATE of column {a.Column.Name} of lookup vindex {cv.Vindex.Name} (lookup rows are not kept in step by this gate yet)");
            }
        }

        var routing = Route(ctx, table, alias, upd.Where, upd.Limit is not null || upd.OrderBy.Count > 0, "UPDATE", out var inPredicate);
        return new Dml("Update", routing, QueryText.For(upd, ctx, inPredicate), table.Name);
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

        if (table.ColumnVindexes.Skip(1).Any(cv => cv.IsOwnedBy(table.Name)))
        {
            throw GateErrors.UnsupportedError($"DELETE from {table.Name}, which owns a lookup vindex (lookup rows are not deleted by this gate yet)");
        }

        var routing = Route(ctx, table, alias, del.Where, del.Limit is not null || del.OrderBy.Count > 0, "DELETE", out var inPredicate);
        return new Dml("Delete", routing, QueryText.For(del, ctx, inPredicate), table.Name);
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
