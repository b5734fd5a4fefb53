namespace Tessera.Sql.Ast.Expressions;

public sealed record WhenClause(Expression Condition, Expression Result);

// `CASE [operand] WHEN c THEN r ... [ELSE e] END`.
public sealed record CaseExpr(Expression? Operand, IReadOnlyList<WhenClause> Whens, Expression? Else) : Expression
{
    internal override void Format(SqlWriter w)
    {
        w.Append("case");
        if (Operand != null)
        {
            w.Append(' ').Expr(Operand, Prec.Lowest);
        }

        foreach (var when in Whens)
        {
            w.Append(" when ").Expr(when.Condition, Prec.Lowest).Append(" then ").Expr(when.Result, Prec.Lowest);
        }

        if (Else != null)
        {
            w.Append(" else ").Expr(Else, Prec.Lowest);
        }

        w.Append(" end");
    }

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var o = r.Opt(Operand);
        var whens = r.List(Whens, static (x, rr) =>
        {
            var c = x.Condition.Rewrite(rr);
            var res = x.Result.Rewrite(rr);
            return ReferenceEquals(c, x.Condition) && ReferenceEquals(res, x.Result) ? x : new WhenClause(c, res);
        });
        var e = r.Opt(Else);
        return ReferenceEquals(o, Operand) && ReferenceEquals(whens, Whens) && ReferenceEquals(e, Else)
            ? this : this with { Operand = o, Whens = whens, Else = e };
    }
}
