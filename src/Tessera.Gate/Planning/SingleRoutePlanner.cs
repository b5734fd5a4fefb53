using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Gate.Evaluation;

namespace Tessera.Gate.Planning;

// A SELECT whose tables all run in one query. On one shard it is sent as is; across shards the
// gate finishes the work: merge-sort for ORDER BY (sort columns not selected are added and
// dropped again), LIMIT pushed as offset+count and applied again, DISTINCT, and aggregation.
internal sealed class SingleRoutePlanner(PlanContext ctx, Select sel, RouteUnit unit)
{
    public IPrimitive Plan()
    {
        if (unit.Opcode.IsSingleShard())
        {
            var route = new Route(unit.Routing, QueryText.For(sel, ctx, unit.InPredicate))
            {
                FieldQuery = unit.Opcode == RouteOpcode.None ? QueryText.FieldQuery(sel, ctx) : null,
                NoMatchQuery = unit.Opcode is RouteOpcode.Equal or RouteOpcode.EqualUnique or RouteOpcode.IN ? QueryText.FieldQuery(sel, ctx) : null,
                Table = TableList(),
            };
            return route;
        }

        var facts = AstFacts.Of(sel.Items.Select(i => i.Expr).Concat(sel.OrderBy.Select(o => o.Expr)).Concat(sel.Having is null ? [] : [sel.Having]));
        if (facts.HasWindow)
        {
            throw GateErrors.UnsupportedError("window functions across shards");
        }

        if (sel.Options.Contains("sql_calc_found_rows"))
        {
            throw GateErrors.UnsupportedError("SQL_CALC_FOUND_ROWS across shards");
        }

        if (sel.Into.Count > 0)
        {
            throw GateErrors.UnsupportedError("SELECT ... INTO across shards");
        }

        if (facts.HasAggregate || sel.GroupBy.Count > 0)
        {
            return new AggregationPlanner(ctx, sel, unit).Plan();
        }

        var items = sel.Items.ToList();
        var hasStar = items.Exists(i => i.Expr is StarExpr);
        var order = new List<(Expression Expr, bool Desc, int Offset, bool Hidden)>();
        foreach (var o in sel.OrderBy)
        {
            var off = FindItem(sel.Items, o.Expr, hasStar);
            order.Add((o.Expr, o.Direction == OrderDirection.Desc, off, off < 0));
        }

        var hidden = order.Count(o => o.Hidden);
        if (hidden > 0 && sel.Distinct)
        {
            throw GateErrors.UnsupportedError("DISTINCT with ORDER BY a column not selected, across shards");
        }

        var orderParams = new List<OrderByParam>();
        var k = 0;
        foreach (var o in order)
        {
            if (!o.Hidden)
            {
                orderParams.Add(new OrderByParam(o.Offset, o.Desc));
                continue;
            }

            items.Add(new SelectItem(o.Expr));
            orderParams.Add(hasStar ? new OrderByParam(hidden - 1 - k, o.Desc, FromEnd: true) : new OrderByParam(items.Count - 1, o.Desc));
            k++;
        }

        var (pushedLimit, limit) = Limits(sel.Limit);
        var pushed = sel with { Items = items, Limit = pushedLimit };
        IPrimitive result = new Route(unit.Routing, QueryText.For(pushed, ctx, unit.InPredicate))
        {
            OrderBy = orderParams,
            HiddenColumns = hidden,
            NoMatchQuery = unit.Opcode is RouteOpcode.Equal or RouteOpcode.IN ? QueryText.FieldQuery(pushed, ctx) : null,
            Table = TableList(),
        };
        if (sel.Distinct)
        {
            result = new Distinct(result);
        }

        return limit is null ? result : limit(result);
    }

    private string TableList() => string.Join(", ", unit.Tables.Select(t => t.Table?.Name ?? t.Alias));

    // LIMIT count / offset, count: each shard returns offset+count rows; the gate applies both.
    internal static (Sql.Ast.Tables.Limit? Pushed, Func<IPrimitive, IPrimitive>? Wrap) Limits(Sql.Ast.Tables.Limit? limit, bool push = true)
    {
        if (limit is null)
        {
            return (null, null);
        }

        var count = EvalTranslator.Translate(limit.Count) ?? throw GateErrors.UnsupportedError("LIMIT expression");
        var offset = limit.Offset is null ? null : EvalTranslator.Translate(limit.Offset) ?? throw GateErrors.UnsupportedError("OFFSET expression");
        Sql.Ast.Tables.Limit? pushed = null;
        if (push)
        {
            if (limit.Count is Literal { Kind: LiteralKind.Integer } c && (limit.Offset is null || limit.Offset is Literal { Kind: LiteralKind.Integer }))
            {
                var n = decimal.Parse(c.Value, System.Globalization.CultureInfo.InvariantCulture)
                    + (limit.Offset is Literal o ? decimal.Parse(o.Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
                pushed = new Sql.Ast.Tables.Limit(null, new Literal(LiteralKind.Integer, n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            else
            {
                pushed = new Sql.Ast.Tables.Limit(null, new BindVariable(Engine.Limit.UpperLimitVariable));
            }
        }

        return (pushed, input => new Engine.Limit(input, count, offset));
    }

    // The select item an ORDER BY / GROUP BY expression names: a position, an alias, or the same
    // expression. -1 when it is none of them (or when `*` hides where it would be).
    internal static int FindItem(IReadOnlyList<SelectItem> items, Expression e, bool hasStar)
    {
        if (e is Literal { Kind: LiteralKind.Integer } ord)
        {
            if (hasStar)
            {
                throw GateErrors.UnsupportedError("ORDER BY or GROUP BY a column position with '*' across shards");
            }

            var n = int.Parse(ord.Value, System.Globalization.CultureInfo.InvariantCulture);
            if (n < 1 || n > items.Count)
            {
                throw GateErrors.ColumnNotFound.Create($"Unknown column '{n}' in 'order clause'");
            }

            return n - 1;
        }

        var text = AstFacts.Text(e);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Expr is StarExpr)
            {
                return -1;
            }

            if (e is ColumnName { Table: null } c && items[i].Alias is { } a && a.Equals(c.Name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }

            if (AstFacts.Text(items[i].Expr) == text)
            {
                return i;
            }

            if (e is ColumnName { Table: null } bare && items[i].Expr is ColumnName { Table: not null } q && items[i].Alias is null
                && q.Name.Equals(bare.Name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
