namespace Tessera.Sql.Ast.Expressions;

public enum IsKind
{
    Null,
    True,
    False,
    Unknown,
}

// `e IS [NOT] NULL|TRUE|FALSE|UNKNOWN`.
public sealed record IsExpr(Expression Operand, bool Not, IsKind Kind) : Expression
{
    internal override int Precedence => Prec.Comparison;

    internal override void Format(SqlWriter w)
    {
        w.Expr(Operand, Prec.Comparison).Append(Not ? " is not " : " is ")
            .Append(Kind switch { IsKind.Null => "null", IsKind.True => "true", IsKind.False => "false", _ => "unknown" });
    }

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var o = Operand.Rewrite(r);
        return ReferenceEquals(o, Operand) ? this : this with { Operand = o };
    }
}

// `e [NOT] BETWEEN low AND high`.
public sealed record BetweenExpr(Expression Operand, bool Not, Expression Low, Expression High) : Expression
{
    internal override int Precedence => Prec.Comparison;

    internal override void Format(SqlWriter w)
    {
        w.Expr(Operand, Prec.Comparison + 1).Append(Not ? " not between " : " between ")
            .Expr(Low, Prec.Comparison + 1).Append(" and ").Expr(High, Prec.Comparison + 1);
    }

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var o = Operand.Rewrite(r);
        var l = Low.Rewrite(r);
        var h = High.Rewrite(r);
        return ReferenceEquals(o, Operand) && ReferenceEquals(l, Low) && ReferenceEquals(h, High)
            ? this : this with { Operand = o, Low = l, High = h };
    }
}

// `e [NOT] IN (v1, v2 ...)` or `e [NOT] IN (subquery)` (then Values holds one SubqueryExpr).
public sealed record InExpr(Expression Operand, bool Not, IReadOnlyList<Expression> Values) : Expression
{
    internal override int Precedence => Prec.Comparison;

    internal override void Format(SqlWriter w)
    {
        w.Expr(Operand, Prec.Comparison + 1).Append(Not ? " not in " : " in ");
        if (Values is [SubqueryExpr sub])
        {
            sub.Format(w);
            return;
        }

        w.Append('(').List(Values).Append(')');
    }

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var o = Operand.Rewrite(r);
        var v = r.List(Values);
        return ReferenceEquals(o, Operand) && ReferenceEquals(v, Values) ? this : this with { Operand = o, Values = v };
    }
}

public enum MatchKind
{
    Like,
    Regexp,
    SoundsLike,
}

// `e [NOT] LIKE pattern [ESCAPE c]`, `e [NOT] REGEXP pattern`.
public sealed record LikeExpr(Expression Operand, bool Not, MatchKind Kind, Expression Pattern, Expression? Escape = null) : Expression
{
    internal override int Precedence => Prec.Comparison;

    internal override void Format(SqlWriter w)
    {
        w.Expr(Operand, Prec.Comparison + 1).Append(Not ? " not " : " ")
            .Append(Kind switch { MatchKind.Like => "like ", MatchKind.Regexp => "regexp ", _ => "sounds like " })
            .Expr(Pattern, Prec.Comparison + 1);
        if (Escape != null)
        {
            w.Append(" escape ").Expr(Escape, Prec.Comparison + 1);
        }
    }

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var o = Operand.Rewrite(r);
        var p = Pattern.Rewrite(r);
        var e = r.Opt(Escape);
        return ReferenceEquals(o, Operand) && ReferenceEquals(p, Pattern) && ReferenceEquals(e, Escape)
            ? this : this with { Operand = o, Pattern = p, Escape = e };
    }
}

// The right side of `x = ANY (subquery)` / `x > ALL (subquery)`.
public sealed record QuantifiedSubquery(string Quantifier, SubqueryExpr Subquery) : Expression
{
    internal override void Format(SqlWriter w)
    {
        w.Append(Quantifier).Append(' ');
        Subquery.Format(w);
    }

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var s = (SubqueryExpr)Subquery.Rewrite(r);
        return ReferenceEquals(s, Subquery) ? this : this with { Subquery = s };
    }
}

// `MATCH (cols) AGAINST (expr [modifier])`.
public sealed record MatchExpr(IReadOnlyList<Expression> Columns, Expression Against, string? Modifier) : Expression
{
    internal override void Format(SqlWriter w)
    {
        w.Append("match(").List(Columns).Append(") against (").Expr(Against, Prec.Lowest);
        if (Modifier != null)
        {
            w.Append(' ').Append(Modifier);
        }

        w.Append(')');
    }

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var a = Against.Rewrite(r);
        return ReferenceEquals(a, Against) ? this : this with { Against = a };
    }
}
