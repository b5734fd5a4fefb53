using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Gate.Evaluation;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Gate.Planning;

// SELECT and set operations → primitives. Each FROM item becomes a RouteUnit with the routing its
// own WHERE conjuncts prove; joined units merge into one query when that is provably the same
// answer (one unsharded keyspace, a reference table, or a join on both tables' primary vindex
// columns); otherwise a nested-loop Join binds left values into the right query.
internal sealed class SelectPlanner(PlanContext ctx)
{
    internal sealed record Conjunct(Expression Expr, int Origin, HashSet<int> Deps, bool Ambiguous);

    internal sealed record FromItem(TableExpr Leaf, JoinKind Kind, Expression? On);

    internal sealed record Step(RouteUnit Unit, JoinKind Kind, List<int> Items);

    public IPrimitive Plan(QueryStatement query)
    {
        if (query.With is not null)
        {
            throw GateErrors.UnsupportedError("WITH (common table expressions) in the gate; use a derived table");
        }

        return query switch
        {
            Select s => PlanSelect(s),
            SetOperation so => PlanSetOperation(so),
            _ => throw GateErrors.UnsupportedError($"query {query.GetType().Name}"),
        };
    }

    private IPrimitive PlanSetOperation(SetOperation so)
    {
        var left = Plan(so.Left);
        var right = Plan(so.Right);
        if (left is Route l && right is Route r && l.Routing.Opcode.IsSingleShard() && SubqueryCheck.Mergeable(l.Routing, r.Routing))
        {
            return new Route(l.Routing, QueryText.For(so, ctx));
        }

        if (so.Operator != SetOperator.Union)
        {
            throw GateErrors.UnsupportedError($"{so.Operator.ToString().ToUpperInvariant()} across shards");
        }

        if (so.OrderBy.Count > 0 || so.Limit is not null)
        {
            throw GateErrors.UnsupportedError("ORDER BY or LIMIT on a UNION across shards");
        }

        IPrimitive concat = new Concatenate([left, right]);
        return so.Quantifier == "all" ? concat : new Distinct(concat);
    }

    private IPrimitive PlanSelect(Select sel)
    {
        var from = sel.From.Where(f => f is not AliasedTable { Name: { Qualifier: null, Name: "dual" } }).ToList();
        if (from.Count == 0)
        {
            return PlanNoTable(sel);
        }

        if (AstFacts.Of(sel.Items.Select(i => i.Expr)).HasWindow)
        {
            // Windows are fine where the whole query runs on one shard; checked after routing.
        }

        // A derived table alone in FROM over a query spanning shards: the outer query in the gate.
        if (from is [DerivedTable { Lateral: false } derived] && Plan(derived.Subquery.Query) is var inner && !(inner is Route r && r.Routing.Opcode.IsSingleShard()))
        {
            return new DerivedTablePlanner(sel, derived, inner).Plan();
        }

        var items = new List<FromItem>();
        if (!TryFlatten(from, items))
        {
            return PlanComplexFrom(sel);
        }

        var units = items.Select(i => LeafUnit(i.Leaf)).ToList();
        var conjuncts = Conjuncts(sel, items, units);
        for (var i = 0; i < units.Count; i++)
        {
            var own = conjuncts.Where(c => !c.Ambiguous && (c.Deps.Count == 0 || (c.Deps.Count == 1 && c.Deps.Contains(i))) && (c.Origin == -1 || c.Origin == i)).Select(c => c.Expr).ToList();
            units[i].Predicates.AddRange(own);
            if (units[i].Tables is [(var alias, { } table)])
            {
                (units[i].Routing, units[i].InPredicate) = VindexRouting.Choose(table, alias, own, units.Count == 1);
            }
        }

        var steps = new List<Step> { new(units[0], JoinKind.Inner, [0]) };
        for (var i = 1; i < units.Count; i++)
        {
            var last = steps[^1];
            var joinPreds = conjuncts.Where(c => c.Deps.Contains(i) && c.Deps.Count > 1 && c.Deps.All(d => d <= i)).ToList();
            if (items[i].Kind is JoinKind.Left)
            {
                joinPreds = [.. conjuncts.Where(c => c.Origin == i)];
            }

            var mergeable = joinPreds.All(c => c.Deps.All(d => d == i || last.Items.Contains(d)));
            var merged = mergeable ? JoinMerger.TryMerge(last.Unit, units[i], items[i], joinPreds.Select(c => c.Expr).ToList()) : null;
            if (merged is not null)
            {
                steps[^1] = last with { Unit = merged, Items = [.. last.Items, i] };
            }
            else
            {
                steps.Add(new Step(units[i], items[i].Kind, [i]));
            }
        }

        if (steps.Count == 1)
        {
            var unit = steps[0].Unit;
            var all = AstFacts.Of(sel.Items.Select(x => x.Expr).Concat(sel.Where is null ? [] : [sel.Where]).Concat(sel.Having is null ? [] : [sel.Having]));
            SubqueryCheck.Check(ctx, unit, all.Subqueries);
            return new SingleRoutePlanner(ctx, sel, unit).Plan();
        }

        return new JoinPlanner(ctx, sel, items, steps, conjuncts).Plan();
    }

    // FROM shapes the left-deep planner does not take apart (RIGHT/NATURAL joins, USING, nested
    // parentheses) are fine when every table lands in one single-shard route.
    private IPrimitive PlanComplexFrom(Select sel)
    {
        var tables = new List<TableName>();
        sel.Rewrite(new TableNameCollector(tables));
        RoutingParams? routing = null;
        var unit = new RouteUnit { Routing = new RoutingParams(RouteOpcode.Scatter, "") };
        foreach (var t in tables)
        {
            var r = TableResolver.IsSystemSchema(t.Qualifier) ? DbaRouting() : VindexRouting.Choose(TableResolver.Resolve(ctx, t), t.Name, [], false).Routing;
            if (routing is null)
            {
                routing = r;
            }
            else if (!(routing.Opcode.IsSingleShard() && SubqueryCheck.Mergeable(routing, r)))
            {
                if (r.Opcode == RouteOpcode.Reference && r.Keyspace == routing.Keyspace)
                {
                    continue;
                }

                throw GateErrors.UnsupportedError("this join shape (RIGHT, NATURAL, USING or nested) across shards");
            }
        }

        unit.Routing = routing!;
        return new Route(unit.Routing, QueryText.For(sel, ctx));
    }

    private RoutingParams DbaRouting()
    {
        var ks = ctx.Keyspace ?? ctx.VSchema.Keyspaces.Keys.Order(StringComparer.Ordinal).FirstOrDefault()
            ?? throw GateErrors.NoDatabaseSelected.Create("No database selected");
        return new RoutingParams(RouteOpcode.DBA, ks);
    }

    private IPrimitive PlanNoTable(Select sel)
    {
        var cols = new List<(string, EvalExpr)>();
        foreach (var item in sel.Items)
        {
            if (item.Expr is StarExpr || EvalTranslator.Translate(item.Expr) is not { } e)
            {
                cols.Clear();
                break;
            }

            cols.Add((item.Alias ?? AstFacts.Text(item.Expr), e));
        }

        if (cols.Count > 0 && sel.Where is null && sel.Into.Count == 0 && sel.Limit is null or { Offset: null, Count: Literal { Kind: LiteralKind.Integer, Value: not "0" } })
        {
            return new Projection(cols);
        }

        var ks = ctx.Keyspace ?? ctx.VSchema.Keyspaces.Values.OrderBy(k => k.Sharded).ThenBy(k => k.Name, StringComparer.Ordinal).FirstOrDefault()?.Name
            ?? throw GateErrors.NoDatabaseSelected.Create("No database selected");
        var sharded = ctx.VSchema.Keyspaces.TryGetValue(ks, out var rk) && rk.Sharded;
        var routing = new RoutingParams(sharded ? RouteOpcode.Reference : RouteOpcode.Unsharded, ks);
        var unit = new RouteUnit { Routing = routing };
        SubqueryCheck.Check(ctx, unit, AstFacts.Of(sel.Items.Select(i => i.Expr).Concat(sel.Where is null ? [] : [sel.Where])).Subqueries);
        return new Route(routing, QueryText.For(sel, ctx));
    }

    private static bool TryFlatten(IReadOnlyList<TableExpr> from, List<FromItem> items)
    {
        bool Walk(TableExpr t, JoinKind kind, Expression? on)
        {
            switch (t)
            {
                case JoinTable j:
                    if (j.Using is not null || j.Kind is not (JoinKind.Inner or JoinKind.Cross or JoinKind.Straight or JoinKind.Left)
                        || j.Right is JoinTable or ParenTableExpr)
                    {
                        return false;
                    }

                    return Walk(j.Left, kind, on) && Walk(j.Right, j.Kind, j.On);
                case ParenTableExpr { Items: [var single] }:
                    return Walk(single, kind, on);
                case ParenTableExpr:
                    return false;
                default:
                    items.Add(new FromItem(t, kind, on));
                    return true;
            }
        }

        return from.All(f => Walk(f, JoinKind.Inner, null));
    }

    private RouteUnit LeafUnit(TableExpr leaf)
    {
        switch (leaf)
        {
            case AliasedTable at when TableResolver.IsSystemSchema(at.Name.Qualifier):
            {
                var u = new RouteUnit { Routing = DbaRouting() };
                u.Tables.Add((at.Alias ?? at.Name.Name, null));
                u.From.Add(leaf);
                return u;
            }

            case AliasedTable at:
            {
                var table = TableResolver.Resolve(ctx, at.Name);
                var alias = at.Alias ?? at.Name.Name;
                var u = new RouteUnit { Routing = VindexRouting.Choose(table, alias, [], false).Routing };
                u.Tables.Add((alias, table));
                u.From.Add(leaf);
                return u;
            }

            case DerivedTable dt:
            {
                var inner = Plan(dt.Subquery.Query);
                if (inner is not Route r || !r.Routing.Opcode.IsSingleShard())
                {
                    throw GateErrors.UnsupportedError("derived table over a query spanning shards");
                }

                var u = new RouteUnit { Routing = r.Routing };
                u.Tables.Add((dt.Alias ?? "", null));
                u.From.Add(leaf);
                return u;
            }

            default:
                throw GateErrors.UnsupportedError($"FROM item {leaf.GetType().Name}");
        }
    }

    private static List<Conjunct> Conjuncts(Select sel, List<FromItem> items, List<RouteUnit> units)
    {
        var list = new List<Conjunct>();
        void Add(Expression e, int origin)
        {
            var deps = new HashSet<int>();
            var ambiguous = false;
            foreach (var c in AstFacts.Of(e).Columns)
            {
                if (c.Table is null)
                {
                    if (units.Count == 1)
                    {
                        deps.Add(0);
                    }
                    else
                    {
                        ambiguous = true;
                    }

                    continue;
                }

                var idx = units.FindIndex(u => u.Has(c.Table.Name));
                if (idx >= 0)
                {
                    deps.Add(idx);
                }
            }

            list.Add(new Conjunct(e, origin, deps, ambiguous));
        }

        foreach (var c in AstFacts.SplitAnd(sel.Where))
        {
            Add(c, -1);
        }

        for (var i = 0; i < items.Count; i++)
        {
            foreach (var c in AstFacts.SplitAnd(items[i].On))
            {
                Add(c, i);
            }
        }

        return list;
    }

    private sealed class TableNameCollector(List<TableName> tables) : AstRewriter
    {
        public override TableName VisitTableName(TableName name)
        {
            tables.Add(name);
            return name;
        }
    }

    internal static bool IsSharded(ResolvedTable? t) => t is { KeyspaceSharded: true, Kind: TableKind.Normal };
}
