namespace Tessera.Sql.Ast.Expressions;

// `(SELECT ...)` used as a value, an IN list, or an EXISTS operand.
public sealed record SubqueryExpr(QueryStatement Query) : Expression
{
    internal override void Format(SqlWriter w)
    {
        w.Append('(');
        Query.Format(w);
        w.Append(')');
    }

    internal override Expression RewriteChildren(AstRewriter r)
    {
        if (!r.VisitSubqueries)
        {
            return this;
        }

        var q = (QueryStatement)Query.Rewrite(r);
        return ReferenceEquals(q, Query) ? this : this with { Query = q };
    }
}

// `EXISTS (SELECT ...)`.
public sealed record ExistsExpr(SubqueryExpr Subquery) : Expression
{
    internal override void Format(SqlWriter w)
    {
        w.Append("exists ");
        Subquery.Format(w);
    }

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var s = (SubqueryExpr)Subquery.Rewrite(r);
        return ReferenceEquals(s, Subquery) ? this : this with { Subquery = s };
    }
}

// `(a, b, c)` row constructor.
public sealed record TupleExpr(IReadOnlyList<Expression> Items) : Expression
{
    internal override void Format(SqlWriter w) => w.Append('(').List(Items).Append(')');

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var i = r.List(Items);
        return ReferenceEquals(i, Items) ? this : this with { Items = i };
    }
}

// `DEFAULT` in VALUES / SET, or `DEFAULT(col)`.
public sealed record DefaultExpr(string? Column = null) : Expression
{
    internal override void Format(SqlWriter w)
    {
        w.Append("default");
        if (Column != null)
        {
            w.Append('(').Ident(Column).Append(')');
        }
    }
}

// `VALUES(col)` inside ON DUPLICATE KEY UPDATE.
public sealed record ValuesFuncExpr(ColumnName Column) : Expression
{
    internal override void Format(SqlWriter w)
    {
        w.Append("values(");
        Column.Format(w);
        w.Append(')');
    }
}

// `NEXT n VALUES` of a Vitess sequence: `SELECT NEXT 10 VALUES FROM seq`.
public sealed record NextValExpr(Expression Count) : Expression
{
    internal override void Format(SqlWriter w) => w.Append("next ").Expr(Count, Prec.Primary).Append(" values");
}

// `@var := expr` inside a select list.
public sealed record AssignmentExpr(Expression Target, Expression Value) : Expression
{
    internal override int Precedence => Prec.Lowest;

    internal override void Format(SqlWriter w) => w.Expr(Target, Prec.Primary).Append(" := ").Expr(Value, Prec.Lowest);

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var v = Value.Rewrite(r);
        return ReferenceEquals(v, Value) ? this : this with { Value = v };
    }
}
