using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Gate.Evaluation;

namespace Tessera.Gate.Planning;

// Aggregation across shards: each shard aggregates its rows (GROUP BY pushed, ordered by the
// group columns) and the gate merges the partial results in one ordered pass. count → sum of
// counts; sum, min, max merged; avg as sum and count divided in the gate; count(distinct x) and
// sum(distinct x) by also grouping the shards by x, which keeps them exact. HAVING and ORDER BY
// on aggregates run in the gate after the merge; LIMIT last.
internal sealed class AggregationPlanner(PlanContext ctx, Select sel, RouteUnit unit)
{
    private readonly List<SelectItem> _pushed = [];
    private readonly List<AggregateParam> _aggregates = [];
    private readonly List<(int AggregateIndex, FunctionCall Avg)> _pendingCounts = [];
    private bool _addingVisible;
    private Expression? _distinctArg;

    public IPrimitive Plan()
    {
        if (sel.Items.Any(i => i.Expr is StarExpr))
        {
            throw GateErrors.UnsupportedError("'*' with aggregation across shards");
        }

        var groupExprs = sel.GroupBy.Select(g => ResolveGroup(g)).ToList();
        if (sel.WithRollup)
        {
            throw GateErrors.UnsupportedError("GROUP BY ... WITH ROLLUP across shards");
        }

        _addingVisible = true;
        foreach (var item in sel.Items)
        {
            AddItem(item.Expr, item.Alias);
        }

        _addingVisible = false;
        foreach (var (aggIndex, avg) in _pendingCounts)
        {
            _aggregates[aggIndex] = _aggregates[aggIndex] with { CountColumn = PendingCount(avg) };
        }

        var visible = sel.Items.Count;
        EvalExpr? having = null;
        if (sel.Having is not null)
        {
            having = EvalTranslator.Translate(sel.Having, e => HavingColumn(e, groupExprs))
                ?? throw GateErrors.UnsupportedError($"HAVING expression the gate cannot evaluate: {AstFacts.Text(sel.Having)}");
        }

        // ORDER BY: on group columns it is pushed down (and kept by the ordered merge);
        // on anything else it is a sort in the gate after aggregation.
        var orderCols = new List<(int Offset, bool Desc, Expression Expr)>();
        foreach (var o in sel.OrderBy)
        {
            var off = SingleRoutePlanner.FindItem(sel.Items, o.Expr, false);
            if (off < 0)
            {
                off = o.Expr is FunctionCall { IsAggregate: true } f ? AddAggregate(f, null) : AddHiddenGroupColumn(o.Expr, groupExprs);
            }

            orderCols.Add((off, o.Direction == OrderDirection.Desc, _pushed[off].Expr));
        }

        var groupIdx = groupExprs.Select(g => IndexOfPushed(g) is var i && i >= 0 ? i : AddPushed(g)).ToList();
        var orderOnGroups = orderCols.All(o => groupIdx.Contains(o.Offset));
        var pushedOrder = new List<OrderItem>();
        var orderParams = new List<OrderByParam>();
        void AddOrder(int offset, bool desc)
        {
            if (orderParams.Exists(p => p.Offset == offset))
            {
                return;
            }

            pushedOrder.Add(new OrderItem(_pushed[offset].Expr, desc ? OrderDirection.Desc : OrderDirection.Asc));
            orderParams.Add(new OrderByParam(offset, desc));
        }

        if (orderOnGroups)
        {
            foreach (var o in orderCols)
            {
                AddOrder(o.Offset, o.Desc);
            }
        }

        foreach (var g in groupIdx)
        {
            AddOrder(g, false);
        }

        var pushedGroup = groupExprs.ToList();
        if (_distinctArg is not null)
        {
            var d = _aggregates.First(a => a.Opcode is AggregateOpcode.CountDistinct or AggregateOpcode.SumDistinct).Column;
            pushedGroup.Add(_distinctArg);
            AddOrder(d, false);
        }

        var pushed = sel with
        {
            Items = _pushed,
            GroupBy = pushedGroup,
            Having = null,
            OrderBy = pushedOrder,
            Limit = null,
            Options = [.. sel.Options.Where(o => o != "distinct")],
        };
        IPrimitive plan = new Route(unit.Routing, QueryText.For(pushed, ctx, unit.InPredicate)) { OrderBy = orderParams };
        plan = new OrderedAggregate(plan, _aggregates, groupIdx, scalar: groupIdx.Count == 0);
        if (having is not null)
        {
            plan = new Filter(plan, having);
        }

        if (!orderOnGroups && orderCols.Count > 0)
        {
            plan = new MemorySort(plan, [.. orderCols.Select(o => new OrderByParam(o.Offset, o.Desc))]);
        }

        if (_pushed.Count > visible)
        {
            plan = new SimpleProjection(plan, visible);
        }

        if (sel.Distinct)
        {
            plan = new Distinct(plan);
        }

        var (_, limit) = SingleRoutePlanner.Limits(sel.Limit, push: false);
        return limit is null ? plan : limit(plan);
    }

    private Expression ResolveGroup(Expression g)
    {
        if (g is Literal { Kind: LiteralKind.Integer } || (g is ColumnName { Table: null } c && sel.Items.Any(i => i.Alias is { } a && a.Equals(c.Name, StringComparison.OrdinalIgnoreCase))))
        {
            var idx = SingleRoutePlanner.FindItem(sel.Items, g, false);
            if (idx >= 0)
            {
                return sel.Items[idx].Expr;
            }
        }

        if (AstFacts.Of(g).HasAggregate)
        {
            throw GateErrors.Unsupported.Create($"Can't group on '{AstFacts.Text(g)}'");
        }

        return g;
    }

    private void AddItem(Expression e, string? alias)
    {
        if (e is FunctionCall { IsAggregate: true } f)
        {
            AddAggregate(f, alias);
            return;
        }

        if (e is GroupConcatExpr)
        {
            throw GateErrors.UnsupportedError("group_concat across shards");
        }

        if (AstFacts.Of(e).HasAggregate)
        {
            throw GateErrors.UnsupportedError($"expression over aggregates across shards: {AstFacts.Text(e)}");
        }

        _pushed.Add(new SelectItem(e, alias));
    }

    private int AddAggregate(FunctionCall f, string? alias)
    {
        var name = f.Name.ToLowerInvariant();
        var outName = alias ?? AstFacts.Text(f);
        var index = _pushed.Count;
        if (f.Distinct && name is "count" or "sum")
        {
            if (f.Args.Count != 1)
            {
                throw GateErrors.UnsupportedError($"{name}(distinct ...) of several columns across shards");
            }

            if (_distinctArg is not null && AstFacts.Text(_distinctArg) != AstFacts.Text(f.Args[0]))
            {
                throw GateErrors.UnsupportedError("distinct aggregates of different columns across shards");
            }

            _distinctArg = f.Args[0];
            _pushed.Add(new SelectItem(f.Args[0], alias));
            _aggregates.Add(new AggregateParam(name == "count" ? AggregateOpcode.CountDistinct : AggregateOpcode.SumDistinct, index, outName));
            return index;
        }

        switch (name)
        {
            case "count":
                _pushed.Add(new SelectItem(f, alias));
                _aggregates.Add(new AggregateParam(AggregateOpcode.SumCount, index, outName));
                break;
            case "sum":
                _pushed.Add(new SelectItem(f, alias));
                _aggregates.Add(new AggregateParam(AggregateOpcode.Sum, index, outName));
                break;
            case "min" or "max":
                _pushed.Add(new SelectItem(f with { Distinct = false }, alias));
                _aggregates.Add(new AggregateParam(name == "min" ? AggregateOpcode.Min : AggregateOpcode.Max, index, outName));
                break;
            case "avg" when !f.Distinct:
                _pushed.Add(new SelectItem(f with { Name = "sum" }, alias));
                var countCol = PendingCount(f);
                _aggregates.Add(new AggregateParam(AggregateOpcode.Avg, index, outName, countCol));
                break;
            default:
                throw GateErrors.UnsupportedError($"aggregate {AstFacts.Text(f)} across shards");
        }

        return index;
    }

    // avg's count column goes after everything else the user selected, as a hidden column.
    private int PendingCount(FunctionCall avg)
    {
        if (_addingVisible)
        {
            _pendingCounts.Add((_aggregates.Count, avg));
            return -1;
        }

        var count = new FunctionCall("count", avg.Args);
        _pushed.Add(new SelectItem(count));
        return _pushed.Count - 1;
    }

    private EvalExpr? HavingColumn(Expression e, List<Expression> groupExprs)
    {
        var idx = -1;
        if (e is ColumnName { Table: null } c)
        {
            idx = sel.Items.ToList().FindIndex(i => i.Alias is { } a && a.Equals(c.Name, StringComparison.OrdinalIgnoreCase));
        }

        if (idx < 0 && e is ColumnName or FunctionCall { IsAggregate: true })
        {
            idx = IndexOfVisible(e);
        }

        if (idx < 0 && e is FunctionCall { IsAggregate: true } f)
        {
            idx = AddAggregate(f, null);
        }
        else if (idx < 0 && e is ColumnName)
        {
            idx = AddHiddenGroupColumn(e, groupExprs);
        }

        return idx < 0 ? null : new ColumnEval(idx, AstFacts.Text(e));
    }

    private int AddHiddenGroupColumn(Expression e, List<Expression> groupExprs)
    {
        var text = AstFacts.Text(e);
        if (!groupExprs.Exists(g => AstFacts.Text(g) == text))
        {
            throw GateErrors.UnsupportedError($"'{text}' is neither selected, grouped nor aggregated (across shards)");
        }

        var i = IndexOfPushed(e);
        return i >= 0 ? i : AddPushed(e);
    }

    private int IndexOfVisible(Expression e)
    {
        var text = AstFacts.Text(e);
        return sel.Items.ToList().FindIndex(i => AstFacts.Text(i.Expr) == text);
    }

    private int IndexOfPushed(Expression e)
    {
        var text = AstFacts.Text(e);
        return _pushed.FindIndex(i => AstFacts.Text(i.Expr) == text && !_aggregates.Exists(a => a.Column == _pushed.IndexOf(i) && a.Opcode is AggregateOpcode.CountDistinct or AggregateOpcode.SumDistinct));
    }

    private int AddPushed(Expression e)
    {
        _pushed.Add(new SelectItem(e));
        return _pushed.Count - 1;
    }
}
