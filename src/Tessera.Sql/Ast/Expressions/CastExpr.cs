namespace Tessera.Sql.Ast.Expressions;

// `CAST(e AS type)` / `CONVERT(e, type)`; Type is the canonical type text (`char(10)`, `signed`,
// `decimal(10,2)`, `char character set utf8mb4`).
public sealed record CastExpr(Expression Operand, string Type, bool IsConvert = false) : Expression
{
    internal override void Format(SqlWriter w)
    {
        if (IsConvert)
        {
            w.Append("convert(").Expr(Operand, Prec.Lowest).Append(", ").Append(Type).Append(')');
        }
        else
        {
            w.Append("cast(").Expr(Operand, Prec.Lowest).Append(" as ").Append(Type).Append(')');
        }
    }

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var o = Operand.Rewrite(r);
        return ReferenceEquals(o, Operand) ? this : this with { Operand = o };
    }
}

// `CONVERT(e USING charset)`.
public sealed record ConvertUsingExpr(Expression Operand, string Charset) : Expression
{
    internal override void Format(SqlWriter w) => w.Append("convert(").Expr(Operand, Prec.Lowest).Append(" using ").Append(Charset).Append(')');

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var o = Operand.Rewrite(r);
        return ReferenceEquals(o, Operand) ? this : this with { Operand = o };
    }
}

// `e COLLATE name`.
public sealed record CollateExpr(Expression Operand, string Collation) : Expression
{
    internal override int Precedence => Prec.Collate;

    internal override void Format(SqlWriter w) => w.Expr(Operand, Prec.Collate + 1).Append(" collate ").Append(Collation);

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var o = Operand.Rewrite(r);
        return ReferenceEquals(o, Operand) ? this : this with { Operand = o };
    }
}

// `INTERVAL e unit` as an operand of date arithmetic.
public sealed record IntervalExpr(Expression Value, string Unit) : Expression
{
    internal override void Format(SqlWriter w) => w.Append("interval ").Expr(Value, Prec.Primary).Append(' ').Append(Unit);

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var v = Value.Rewrite(r);
        return ReferenceEquals(v, Value) ? this : this with { Value = v };
    }
}

// `EXTRACT(unit FROM e)`.
public sealed record ExtractExpr(string Unit, Expression Operand) : Expression
{
    internal override void Format(SqlWriter w) => w.Append("extract(").Append(Unit).Append(" from ").Expr(Operand, Prec.Lowest).Append(')');

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var o = Operand.Rewrite(r);
        return ReferenceEquals(o, Operand) ? this : this with { Operand = o };
    }
}

// `TRIM([BOTH|LEADING|TRAILING] [remove] FROM e)`.
public sealed record TrimExpr(string? Side, Expression? Remove, Expression Operand) : Expression
{
    internal override void Format(SqlWriter w)
    {
        w.Append("trim(");
        if (Side != null)
        {
            w.Append(Side).Append(' ');
        }

        if (Remove != null)
        {
            w.Expr(Remove, Prec.Lowest).Append(' ');
        }

        if (Side != null || Remove != null)
        {
            w.Append("from ");
        }

        w.Expr(Operand, Prec.Lowest).Append(')');
    }

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var rm = r.Opt(Remove);
        var o = Operand.Rewrite(r);
        return ReferenceEquals(o, Operand) && ReferenceEquals(rm, Remove) ? this : this with { Operand = o, Remove = rm };
    }
}
