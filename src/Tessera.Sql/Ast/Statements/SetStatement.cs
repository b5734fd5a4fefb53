namespace Tessera.Sql.Ast.Statements;

// One item of SET.
public abstract record SetItem : SqlNode;

// `@x = e`, `@@session.x = e`, `SESSION x = e`, `x = e` (a bare name is a session system variable).
public sealed record SetVariable(Expression Target, Expression Value) : SetItem
{
    internal override void Format(SqlWriter w)
    {
        w.Expr(Target, Prec.Primary).Append(" = ").Expr(Value, Prec.Lowest);
    }
}

// `NAMES charset [COLLATE c]` / `NAMES DEFAULT`.
public sealed record SetNames(string Charset, string? Collation = null) : SetItem
{
    internal override void Format(SqlWriter w)
    {
        w.Append("names ").Append(Charset);
        if (Collation != null)
        {
            w.Append(" collate ").Append(Collation);
        }
    }
}

// `CHARACTER SET charset` / `CHARSET charset`.
public sealed record SetCharset(string Charset) : SetItem
{
    internal override void Format(SqlWriter w) => w.Append("character set ").Append(Charset);
}

public sealed record SetStatement(IReadOnlyList<SetItem> Items, Comments? Comments = null) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append("set ");
        Comments?.Format(w);
        w.List(Items);
    }

    public override Statement Rewrite(AstRewriter rewriter)
    {
        var items = rewriter.List(Items, static (x, rr) =>
        {
            if (x is not SetVariable v)
            {
                return x;
            }

            var n = v.Value.Rewrite(rr);
            return ReferenceEquals(n, v.Value) ? x : v with { Value = n };
        });
        return ReferenceEquals(items, Items) ? this : this with { Items = items };
    }
}

// `SET [GLOBAL|SESSION] TRANSACTION ISOLATION LEVEL ..., READ ONLY|READ WRITE`; Characteristics in
// canonical text (`isolation level read committed`, `read only`).
public sealed record SetTransaction(VariableScope Scope, IReadOnlyList<string> Characteristics) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append("set ");
        if (Scope != VariableScope.None)
        {
            w.Append(SystemVariable.ScopeText(Scope)).Append(' ');
        }

        w.Append("transaction ").Append(string.Join(", ", Characteristics));
    }
}
