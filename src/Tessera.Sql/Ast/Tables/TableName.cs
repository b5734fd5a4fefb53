namespace Tessera.Sql.Ast.Tables;

// `t` or `ks.t` (Qualifier is the keyspace / database).
public sealed record TableName(string? Qualifier, string Name) : SqlNode
{
    public TableName(string name)
        : this(null, name)
    {
    }

    internal override void Format(SqlWriter w)
    {
        if (Qualifier != null)
        {
            w.Ident(Qualifier).Append('.');
        }

        if (Qualifier == null && Name == "dual")
        {
            w.Append("dual");
            return;
        }

        w.Ident(Name);
    }
}
