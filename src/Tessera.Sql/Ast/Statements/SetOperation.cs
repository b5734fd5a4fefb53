namespace Tessera.Sql.Ast.Statements;

public enum SetOperator
{
    Union,
    Intersect,
    Except,
}

// `left UNION [ALL|DISTINCT] right` (and INTERSECT / EXCEPT), with its own ORDER BY / LIMIT.
// INTERSECT binds tighter than UNION and EXCEPT, as in MariaDB.
public sealed record SetOperation(QueryStatement Left, SetOperator Operator, string? Quantifier, QueryStatement Right) : QueryStatement
{
    private int Strength => Operator == SetOperator.Intersect ? 2 : 1;

    internal override void Format(SqlWriter w)
    {
        FormatWith(w);
        FormatOperand(w, Left, Left is SetOperation l && l.Strength < Strength);
        w.Append(Operator switch { SetOperator.Union => " union ", SetOperator.Intersect => " intersect ", _ => " except " });
        if (Quantifier != null)
        {
            w.Append(Quantifier).Append(' ');
        }

        FormatOperand(w, Right, Right is SetOperation);
        FormatTail(w);
    }

    private static void FormatOperand(SqlWriter w, QueryStatement q, bool needsParens)
    {
        if (needsParens || q.HasTrailingClauses)
        {
            w.Append('(');
            q.Format(w);
            w.Append(')');
        }
        else
        {
            q.Format(w);
        }
    }

    public override Statement Rewrite(AstRewriter rewriter)
    {
        var l = (QueryStatement)Left.Rewrite(rewriter);
        var rt = (QueryStatement)Right.Rewrite(rewriter);
        var tail = RewriteTail(rewriter);
        return ReferenceEquals(l, Left) && ReferenceEquals(rt, Right) && TailUnchanged(tail)
            ? this : this with { Left = l, Right = rt, With = tail.With, OrderBy = tail.OrderBy, Limit = tail.Limit };
    }
}
