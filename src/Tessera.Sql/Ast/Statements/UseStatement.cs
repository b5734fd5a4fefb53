namespace Tessera.Sql.Ast.Statements;

// `USE target`: a database or a Vitess target (`ks`, `ks/-80`, `ks:-80`, `ks@replica`, `ks:-80@replica`).
// https://vitess.io/docs/reference/features/vtgate-targeting/ (a Vitess concept)
public sealed record UseStatement(string Target) : Statement
{
    // The keyspace part of the target.
    public string Keyspace => Target[..EndOfKeyspace()];

    // The shard after `:` or `/`, or null.
    public string? Shard
    {
        get
        {
            var k = EndOfKeyspace();
            if (k >= Target.Length || Target[k] == '@')
            {
                return null;
            }

            var at = Target.IndexOf('@', k);
            return Target[(k + 1)..(at < 0 ? Target.Length : at)];
        }
    }

    // The tablet type after `@`, or null.
    public string? TabletType
    {
        get
        {
            var at = Target.LastIndexOf('@');
            return at < 0 ? null : Target[(at + 1)..];
        }
    }

    private int EndOfKeyspace()
    {
        var i = Target.AsSpan().IndexOfAny(":/@");
        return i < 0 ? Target.Length : i;
    }

    internal override void Format(SqlWriter w)
    {
        w.Append("use");
        if (Target.Length > 0)
        {
            w.Append(' ').Ident(Target);
        }
    }
}
