namespace Tessera.Sql.Ast.Tables;

public enum OrderDirection
{
    None,
    Asc,
    Desc,
}

public sealed record OrderItem(Expression Expr, OrderDirection Direction = OrderDirection.None) : SqlNode
{
    internal override void Format(SqlWriter w)
    {
        w.Expr(Expr, Prec.Lowest);
        if (Direction != OrderDirection.None)
        {
            w.Append(Direction == OrderDirection.Asc ? " asc" : " desc");
        }
    }

    internal OrderItem Rewrite(AstRewriter r)
    {
        var e = r.VisitOrdinal(Expr);
        return ReferenceEquals(e, Expr) ? this : this with { Expr = e };
    }
}

// `LIMIT count`, `LIMIT offset, count` or `LIMIT count OFFSET offset` (the spelling is kept because
// it decides which `?` binds to which value).
public sealed record Limit(Expression? Offset, Expression Count, bool OffsetKeyword = false) : SqlNode
{
    // The SQL:2008 spelling `OFFSET n ROWS FETCH FIRST m ROWS ONLY` (MariaDB 10.6), kept for the same reason.
    public bool FetchSyntax { get; init; }

    internal override void Format(SqlWriter w)
    {
        if (FetchSyntax)
        {
            if (Offset != null)
            {
                w.Append(" offset ").Expr(Offset, Prec.Primary).Append(" rows");
            }

            w.Append(" fetch first ").Expr(Count, Prec.Primary).Append(" rows only");
            return;
        }

        w.Append(" limit ");
        if (Offset == null)
        {
            w.Expr(Count, Prec.Primary);
        }
        else if (OffsetKeyword)
        {
            w.Expr(Count, Prec.Primary).Append(" offset ").Expr(Offset, Prec.Primary);
        }
        else
        {
            w.Expr(Offset, Prec.Primary).Append(", ").Expr(Count, Prec.Primary);
        }
    }

    internal Limit Rewrite(AstRewriter r)
    {
        var o = Offset == null ? null : r.VisitLimit(Offset);
        var c = r.VisitLimit(Count);
        return ReferenceEquals(o, Offset) && ReferenceEquals(c, Count) ? this : this with { Offset = o, Count = c };
    }
}

// `SELECT expr [AS alias]`.
public sealed record SelectItem(Expression Expr, string? Alias = null) : SqlNode
{
    internal override void Format(SqlWriter w)
    {
        w.Expr(Expr, Prec.Lowest);
        if (Alias != null)
        {
            w.Append(" as ").Ident(Alias);
        }
    }

    internal SelectItem Rewrite(AstRewriter r)
    {
        var e = Expr.Rewrite(r);
        return ReferenceEquals(e, Expr) ? this : this with { Expr = e };
    }
}

// `col = expr` in UPDATE SET, INSERT SET and ON DUPLICATE KEY UPDATE.
public sealed record Assignment(ColumnName Column, Expression Value) : SqlNode
{
    internal override void Format(SqlWriter w)
    {
        Column.Format(w);
        w.Append(" = ").Expr(Value, Prec.Lowest);
    }

    internal Assignment Rewrite(AstRewriter r)
    {
        var v = Value.Rewrite(r);
        return ReferenceEquals(v, Value) ? this : this with { Value = v };
    }
}
