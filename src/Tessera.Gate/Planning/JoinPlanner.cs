using Tessera.Gate.Engine;
using Tessera.Gate.Errors;

namespace Tessera.Gate.Planning;

// Routes that cannot be one query are joined in the gate, left-deep: step 0's rows are read, and
// for each, the next step's query runs with the left columns it needs bound as `:alias_column`.
// Each route selects what the user asked of its tables plus what later steps need. ORDER BY on
// the first route's columns is pushed to it (a nested loop keeps left order); on a later route's
// columns the join's rows are sorted in the gate. LIMIT on top.
// Aggregation, DISTINCT and subqueries over such a join are refused by name.
internal sealed class JoinPlanner(PlanContext ctx, Select sel, List<SelectPlanner.FromItem> items, List<SelectPlanner.Step> steps, List<SelectPlanner.Conjunct> conjuncts)
{
    private readonly List<List<Expression>> _cols = [.. steps.Select(_ => new List<Expression>())];
    private readonly Dictionary<string, (int Step, int Index)> _vars = new(StringComparer.Ordinal);

    public IPrimitive Plan()
    {
        var facts = AstFacts.Of(sel.Items.Select(i => i.Expr).Concat(sel.Where is null ? [] : [sel.Where]).Concat(sel.Having is null ? [] : [sel.Having]));
        if (facts.HasAggregate || sel.GroupBy.Count > 0 || sel.Having is not null || sel.Distinct)
        {
            throw GateErrors.UnsupportedError("aggregation, GROUP BY, HAVING or DISTINCT over a cross-shard join");
        }

        if (facts.Subqueries.Count > 0 || items.Any(i => i.On is not null && AstFacts.Of(i.On).Subqueries.Count > 0))
        {
            throw GateErrors.UnsupportedError("subquery in a cross-shard join");
        }

        if (conjuncts.Exists(c => c.Ambiguous))
        {
            throw GateErrors.AmbiguousColumn.Create("a column in the WHERE or ON clause of a cross-shard join must name its table");
        }

        // Which step each select item comes from.
        var itemSteps = new List<int>();
        foreach (var item in sel.Items)
        {
            if (item.Expr is StarExpr)
            {
                throw GateErrors.UnsupportedError("'*' in a cross-shard join; list the columns");
            }

            var s = StepOf(item.Expr, $"select expression '{AstFacts.Text(item.Expr)}'");
            itemSteps.Add(s);
            Need(s, item.Expr);
        }

        // ORDER BY on the first route's columns only is pushed to it (a nested loop keeps the left
        // order). A key of a later route is sorted in the gate over the join's rows (Vitess: a
        // Sort over the Join): keys not selected are added as hidden columns, removed after LIMIT.
        var keys = sel.OrderBy.Select(o =>
        {
            var idx = SingleRoutePlanner.FindItem(sel.Items, o.Expr, false);
            var e = idx >= 0 ? sel.Items[idx].Expr : o.Expr;
            return (Order: o, Item: idx, Expr: e, Step: StepOf(e, "ORDER BY expression"));
        }).ToList();
        var sortInGate = keys.Exists(k => k.Step != 0);
        var orderParams = new List<OrderByParam>();
        var pushedOrder = new List<OrderItem>();
        var gateOrder = new List<OrderByParam>();
        var hidden = new List<(int Step, Expression Expr)>();
        foreach (var (o, idx, e, step) in keys)
        {
            if (!sortInGate)
            {
                orderParams.Add(new OrderByParam(Need(0, e), o.Direction == OrderDirection.Desc));
                pushedOrder.Add(new OrderItem(e, o.Direction));
                continue;
            }

            var column = idx;
            if (column < 0)
            {
                Need(step, e);
                var at = hidden.FindIndex(h => AstFacts.Text(h.Expr) == AstFacts.Text(e));
                if (at < 0)
                {
                    hidden.Add((step, e));
                    at = hidden.Count - 1;
                }

                column = sel.Items.Count + at;
            }

            gateOrder.Add(new OrderByParam(column, o.Direction == OrderDirection.Desc));
        }

        // WHERE and ON conjuncts: each runs in the last step it mentions, with earlier columns bound.
        var where = steps.Select(_ => new List<Expression>()).ToList();
        foreach (var c in conjuncts)
        {
            var stepsOf = c.Deps.Select(StepOfItem).Distinct().ToList();
            var target = c.Origin >= 0 ? StepOfItem(c.Origin) : stepsOf.Count == 0 ? 0 : stepsOf.Max();
            if (c.Origin >= 0 && steps[StepOfItem(c.Origin)].Items[0] != c.Origin)
            {
                continue; // inside a merged join's ON text already
            }

            if (c.Origin == -1 && steps[target].Kind == JoinKind.Left)
            {
                throw GateErrors.UnsupportedError("WHERE on the right side of a LEFT JOIN across shards");
            }

            where[target].Add(Bind(c.Expr, target));
        }

        IPrimitive? plan = null;
        var leftOut = new List<(int Step, int Index)>();
        for (var s = 0; s < steps.Count; s++)
        {
            var unit = steps[s].Unit;
            if (_cols[s].Count == 0)
            {
                _cols[s].Add(new Literal(LiteralKind.Integer, "1"));
            }

            var select = new Select
            {
                Items = [.. _cols[s].Select(e => new SelectItem(e))],
                From = unit.From,
                Where = AstFacts.JoinAnd(where[s]),
                OrderBy = s == 0 ? pushedOrder : [],
            };
            var route = new Route(unit.Routing, QueryText.For(select, ctx, unit.InPredicate))
            {
                OrderBy = s == 0 && !unit.Opcode.IsSingleShard() ? orderParams : [],
                FieldQuery = unit.Opcode == RouteOpcode.None ? QueryText.FieldQuery(select, ctx) : null,
            };
            if (plan is null)
            {
                plan = route;
                leftOut = [.. _cols[0].Select((_, i) => (0, i))];
                continue;
            }

            var output = new List<(int Step, int Index)>();
            if (s == steps.Count - 1)
            {
                for (var i = 0; i < sel.Items.Count; i++)
                {
                    output.Add((itemSteps[i], _cols[itemSteps[i]].FindIndex(x => AstFacts.Text(x) == AstFacts.Text(sel.Items[i].Expr))));
                }

                foreach (var (hs, he) in hidden)
                {
                    output.Add((hs, _cols[hs].FindIndex(x => AstFacts.Text(x) == AstFacts.Text(he))));
                }
            }
            else
            {
                output.AddRange(leftOut);
                output.AddRange(_cols[s].Select((_, i) => (s, i)));
            }

            var cols = output.Select(o => o.Step < s ? -(leftOut.IndexOf(o) + 1) : o.Index + 1).ToList();
            var vars = _vars.Where(v => Consumers(v.Key) == s).ToDictionary(v => v.Key, v => leftOut.IndexOf(v.Value), StringComparer.Ordinal);
            plan = new Join(plan, route, cols, vars, steps[s].Kind == JoinKind.Left);
            leftOut = output;
        }

        if (steps.Count == 1)
        {
            throw GateErrors.Internal.Create("join planner called with one route");
        }

        if (gateOrder.Count > 0)
        {
            plan = new MemorySort(plan!, gateOrder);
        }

        var (_, limit) = SingleRoutePlanner.Limits(sel.Limit, push: false);
        plan = limit is null ? plan! : limit(plan!);
        return hidden.Count > 0 ? new SimpleProjection(plan, sel.Items.Count) : plan;
    }

    private readonly Dictionary<string, int> _consumers = new(StringComparer.Ordinal);

    private int Consumers(string var) => _consumers[var];

    // Replaces columns of earlier steps by bind variables the join fills from the left row.
    private Expression Bind(Expression e, int step) =>
        e.Rewrite(new ExpressionReplacer(x =>
        {
            if (x is not ColumnName { Table: not null } c)
            {
                return null;
            }

            var s = StepOfAlias(c.Table.Name);
            if (s < 0 || s >= step)
            {
                return null;
            }

            var name = $"{c.Table.Name}_{c.Name}";
            _vars[name] = (s, Need(s, c));
            _consumers[name] = step;
            return new BindVariable(name);
        }));

    private int Need(int step, Expression e)
    {
        var text = AstFacts.Text(e);
        var i = _cols[step].FindIndex(x => AstFacts.Text(x) == text);
        if (i >= 0)
        {
            return i;
        }

        _cols[step].Add(e);
        return _cols[step].Count - 1;
    }

    private int StepOf(Expression e, string what)
    {
        var stepsOf = new HashSet<int>();
        foreach (var c in AstFacts.Of(e).Columns)
        {
            if (c.Table is null)
            {
                throw GateErrors.AmbiguousColumn.Create($"column '{c.Name}' in a cross-shard join must name its table");
            }

            var s = StepOfAlias(c.Table.Name);
            if (s < 0)
            {
                throw GateErrors.ColumnNotFound.Create($"Unknown column '{AstFacts.Text(c)}' in {what}");
            }

            stepsOf.Add(s);
        }

        if (stepsOf.Count > 1)
        {
            throw GateErrors.UnsupportedError($"{what} uses columns of both sides of a cross-shard join");
        }

        return stepsOf.Count == 0 ? 0 : stepsOf.First();
    }

    private int StepOfAlias(string alias) => steps.FindIndex(s => s.Unit.Has(alias));

    private int StepOfItem(int item) => steps.FindIndex(s => s.Items.Contains(item));
}
