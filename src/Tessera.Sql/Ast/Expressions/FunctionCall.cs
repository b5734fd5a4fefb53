namespace Tessera.Sql.Ast.Expressions;

// `name([DISTINCT] args) [OVER window]`; aggregates and window functions included. Name is kept in
// lower case (MySQL function names are case-insensitive); Qualifier is a database for stored functions.
public sealed record FunctionCall(string Name, IReadOnlyList<Expression> Args, bool Distinct = false, WindowSpec? Over = null, string? Qualifier = null) : Expression
{
    public bool IsAggregate => Over == null && AggregateNames.Contains(Name);

    private static readonly HashSet<string> AggregateNames = new(StringComparer.Ordinal)
    {
        "avg", "count", "max", "min", "sum", "group_concat", "bit_and", "bit_or", "bit_xor", "std", "stddev",
        "stddev_pop", "stddev_samp", "var_pop", "var_samp", "variance", "json_arrayagg", "json_objectagg",
    };

    internal override void Format(SqlWriter w)
    {
        if (Qualifier != null)
        {
            w.Ident(Qualifier).Append('.');
        }

        if (Name.All(Lexing.Lexer.IsIdentChar))
        {
            w.Append(Name);
        }
        else
        {
            w.QuotedIdent(Name);
        }

        w.Append('(');
        if (Distinct)
        {
            w.Append("distinct ");
        }

        w.List(Args).Append(')');
        if (Over != null)
        {
            w.Append(" over ");
            Over.Format(w);
        }
    }

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var a = r.List(Args);
        var o = Over?.Rewrite(r);
        return ReferenceEquals(a, Args) && ReferenceEquals(o, Over) ? this : this with { Args = a, Over = o };
    }
}

// `GROUP_CONCAT([DISTINCT] exprs [ORDER BY ...] [SEPARATOR 's'] [LIMIT n])`.
public sealed record GroupConcatExpr(bool Distinct, IReadOnlyList<Expression> Args, IReadOnlyList<OrderItem> OrderBy, string? Separator, Limit? Limit = null) : Expression
{
    internal override void Format(SqlWriter w)
    {
        w.Append("group_concat(");
        if (Distinct)
        {
            w.Append("distinct ");
        }

        w.List(Args);
        if (OrderBy.Count > 0)
        {
            w.Append(" order by ").List(OrderBy);
        }

        if (Separator != null)
        {
            w.Append(" separator ").Quoted(Separator);
        }

        Limit?.Format(w);
        w.Append(')');
    }

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var a = r.List(Args);
        var o = r.List(OrderBy, static (x, rr) => x.Rewrite(rr));
        return ReferenceEquals(a, Args) && ReferenceEquals(o, OrderBy) ? this : this with { Args = a, OrderBy = o };
    }
}

// `OVER (PARTITION BY ... ORDER BY ... frame)` or `OVER name`.
public sealed record WindowSpec(string? Name, IReadOnlyList<Expression> PartitionBy, IReadOnlyList<OrderItem> OrderBy, string? Frame) : SqlNode
{
    internal override void Format(SqlWriter w)
    {
        if (Name != null && PartitionBy.Count == 0 && OrderBy.Count == 0 && Frame == null)
        {
            w.Ident(Name);
            return;
        }

        w.Append('(');
        var sep = false;
        if (Name != null)
        {
            w.Ident(Name);
            sep = true;
        }

        if (PartitionBy.Count > 0)
        {
            w.Append(sep ? " partition by " : "partition by ").List(PartitionBy);
            sep = true;
        }

        if (OrderBy.Count > 0)
        {
            w.Append(sep ? " order by " : "order by ").List(OrderBy);
            sep = true;
        }

        if (Frame != null)
        {
            w.Append(sep ? " " : string.Empty).Append(Frame);
        }

        w.Append(')');
    }

    internal WindowSpec Rewrite(AstRewriter r)
    {
        var p = r.List(PartitionBy);
        var o = r.List(OrderBy, static (x, rr) => x.Rewrite(rr));
        return ReferenceEquals(p, PartitionBy) && ReferenceEquals(o, OrderBy) ? this : this with { PartitionBy = p, OrderBy = o };
    }
}

// `name AS (spec)` in a WINDOW clause.
public sealed record NamedWindow(string Name, WindowSpec Spec) : SqlNode
{
    internal override void Format(SqlWriter w)
    {
        w.Ident(Name).Append(" as ");
        if (Spec.Name != null && Spec.PartitionBy.Count == 0 && Spec.OrderBy.Count == 0 && Spec.Frame == null)
        {
            w.Append('(').Ident(Spec.Name).Append(')');
            return;
        }

        Spec.Format(w);
    }
}
