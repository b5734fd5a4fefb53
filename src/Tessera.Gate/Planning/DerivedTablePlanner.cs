using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Gate.Evaluation;

namespace Tessera.Gate.Planning;

// `select ... from (select ... from sharded_table ...) as t where ... order by ... limit ...` when
// the inner query spans shards: the inner is planned as usual (its own merge-sort, limit,
// aggregation), and the outer query, which may only filter, compute, sort, deduplicate and limit
// the derived table's columns, runs in the gate over its rows: Filter, Projection (with hidden
// sort keys), Distinct, Sort, Limit, then the hidden keys dropped. Vitess plans these shapes the
// same way. Aggregation, grouping, windows and subqueries over it are refused by name.
internal sealed class DerivedTablePlanner(Select sel, DerivedTable derived, IPrimitive inner)
{
    private readonly string _alias = derived.Alias ?? "";

    public IPrimitive Plan()
    {
        var facts = AstFacts.Of(sel.Items.Select(i => i.Expr).Concat(sel.Where is null ? [] : [sel.Where]).Concat(sel.OrderBy.Select(o => o.Expr)));
        if (facts.HasAggregate || sel.GroupBy.Count > 0 || sel.Having is not null)
        {
            throw GateErrors.UnsupportedError("aggregation or GROUP BY over a derived table spanning shards");
        }

        if (facts.HasWindow || facts.Subqueries.Count > 0 || sel.Into.Count > 0 || sel.Lock is not null)
        {
            throw GateErrors.UnsupportedError("window function, subquery, INTO or locking over a derived table spanning shards");
        }

        var columns = InnerColumns();
        EvalExpr Translate(Expression e, string clause)
        {
            foreach (var c in AstFacts.Of(e).Columns)
            {
                if ((c.Table is not null && !c.Table.Name.Equals(_alias, StringComparison.OrdinalIgnoreCase)) || Offset(columns, c.Name) < 0)
                {
                    throw GateErrors.ColumnNotFound.Create($"Unknown column '{AstFacts.Text(c)}' in '{clause}'");
                }
            }

            return EvalTranslator.Translate(e, x => x is ColumnName c ? new ColumnEval(Offset(columns, c.Name), c.Name) : null)
                ?? throw GateErrors.UnsupportedError($"expression '{AstFacts.Text(e)}' over a derived table spanning shards");
        }

        IPrimitive plan = inner;
        if (sel.Where is not null)
        {
            plan = new Filter(plan, Translate(sel.Where, "where clause"));
        }

        // The select list with `*` / `t.*` spelled out as the derived table's columns.
        var items = new List<SelectItem>();
        foreach (var item in sel.Items)
        {
            if (item.Expr is StarExpr star)
            {
                if (star.Table is { } t && !t.Name.Equals(_alias, StringComparison.OrdinalIgnoreCase))
                {
                    throw GateErrors.ColumnNotFound.Create($"Unknown table '{t.Name}'");
                }

                items.AddRange(columns.Select(c => new SelectItem(new ColumnName(null, c))));
            }
            else
            {
                items.Add(item);
            }
        }

        var projected = items.Select(i => (Name: i.Alias ?? (i.Expr is ColumnName c ? c.Name : AstFacts.Text(i.Expr)), Expr: Translate(i.Expr, "field list"))).ToList();
        var order = new List<OrderByParam>();
        foreach (var o in sel.OrderBy)
        {
            var idx = SingleRoutePlanner.FindItem(items, o.Expr, false);
            if (idx < 0)
            {
                var text = AstFacts.Text(o.Expr);
                idx = projected.FindIndex(items.Count, p => p.Name == text);
                if (idx < 0)
                {
                    projected.Add((text, Translate(o.Expr, "order clause")));
                    idx = projected.Count - 1;
                }
            }

            order.Add(new OrderByParam(idx, o.Direction == OrderDirection.Desc));
        }

        plan = new RowProjection(plan, projected);
        if (sel.Distinct)
        {
            if (projected.Count > items.Count)
            {
                throw GateErrors.UnsupportedError("DISTINCT with ORDER BY a column not selected, over a derived table spanning shards");
            }

            plan = new Distinct(plan);
        }

        if (order.Count > 0)
        {
            plan = new MemorySort(plan, order);
        }

        var (_, limit) = SingleRoutePlanner.Limits(sel.Limit, push: false);
        if (limit is not null)
        {
            plan = limit(plan);
        }

        return projected.Count > items.Count ? new SimpleProjection(plan, items.Count) : plan;
    }

    // The derived table's column names: its column list, or the inner select list's names.
    private List<string> InnerColumns()
    {
        if (derived.Columns is { Count: > 0 } named)
        {
            return [.. named];
        }

        var first = derived.Subquery.Query;
        while (first is SetOperation so)
        {
            first = so.Left;
        }

        if (first is not Select s)
        {
            throw GateErrors.UnsupportedError("this derived table over a query spanning shards");
        }

        return [.. s.Items.Select(i => i.Expr is StarExpr
            ? throw GateErrors.UnsupportedError("'*' in a derived table spanning shards; list its columns")
            : i.Alias ?? (i.Expr is ColumnName c ? c.Name : AstFacts.Text(i.Expr)))];
    }

    private static int Offset(List<string> columns, string name) => columns.FindIndex(c => c.Equals(name, StringComparison.OrdinalIgnoreCase));
}
