using Tessera.Gate.Engine;
using Tessera.Gate.Errors;

namespace Tessera.Gate.Planning;

// A subquery inside a routed query stays in that query only when it provably sees the same data
// there as on one MariaDB: the same unsharded keyspace, a reference table of the keyspace, the
// same explicit shard, or the same single-shard vindex value. Anything else is refused by name
// rather than answered wrongly.
internal static class SubqueryCheck
{
    public static void Check(PlanContext ctx, RouteUnit outer, IEnumerable<SubqueryExpr> subqueries)
    {
        foreach (var sub in subqueries)
        {
            var plan = new SelectPlanner(ctx).Plan(sub.Query);

            if (plan is Route r && Mergeable(outer.Routing, r.Routing))
            {
                continue;
            }

            var outerAliases = outer.Tables.Select(t => t.Alias).ToHashSet(StringComparer.Ordinal);
            var correlated = AllColumns(sub.Query).Any(c => c.Table is { } t && outerAliases.Contains(t.Name) && !DefinesAlias(sub.Query, t.Name));
            throw GateErrors.UnsupportedError(correlated ? "cross-shard correlated subquery" : "cross-shard subquery (it would not run in the same query as its outer statement)");
        }
    }

    public static bool Mergeable(RoutingParams outer, RoutingParams sub)
    {
        if (sub.Opcode == RouteOpcode.Reference && sub.Keyspace == outer.Keyspace)
        {
            return true;
        }

        if (outer.Keyspace != sub.Keyspace)
        {
            return false;
        }

        return (outer.Opcode, sub.Opcode) switch
        {
            (RouteOpcode.Unsharded, RouteOpcode.Unsharded) => true,
            (RouteOpcode.Reference, RouteOpcode.Reference) => true,
            (RouteOpcode.DBA, RouteOpcode.DBA) => true,
            (RouteOpcode.ByDestination, RouteOpcode.ByDestination) => Equals(outer.TargetDestination, sub.TargetDestination),
            (RouteOpcode.EqualUnique, RouteOpcode.EqualUnique) =>
                outer.Vindex == sub.Vindex && outer.Values[0].ToString() == sub.Values[0].ToString(),
            _ => false,
        };
    }

    private static List<ColumnName> AllColumns(Statement s)
    {
        var list = new List<ColumnName>();
        s.Rewrite(new ExpressionReplacer(e =>
        {
            if (e is ColumnName c)
            {
                list.Add(c);
            }

            return null;
        }, visitSubqueries: true));
        return list;
    }

    private static bool DefinesAlias(QueryStatement q, string alias)
    {
        var found = false;
        q.Rewrite(new TableCollector(t =>
        {
            if (t.Name == alias)
            {
                found = true;
            }
        }));
        return found || SqlFormatter.Format(q).Contains(" as " + alias, StringComparison.Ordinal);
    }

    private sealed class TableCollector(Action<TableName> seen) : AstRewriter
    {
        public override TableName VisitTableName(TableName name)
        {
            seen(name);
            return name;
        }
    }
}
