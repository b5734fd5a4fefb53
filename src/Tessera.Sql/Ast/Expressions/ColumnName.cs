namespace Tessera.Sql.Ast.Expressions;

// `col`, `t.col` or `ks.t.col`.
public sealed record ColumnName(TableName? Table, string Name) : Expression
{
    public ColumnName(string name)
        : this(null, name)
    {
    }

    internal override void Format(SqlWriter w)
    {
        if (Table != null)
        {
            Table.Format(w);
            w.Append('.');
        }

        w.Ident(Name);
    }
}

// `*` or `t.*` in a select list, and the `*` of COUNT(*).
public sealed record StarExpr(TableName? Table = null) : Expression
{
    internal override void Format(SqlWriter w)
    {
        if (Table != null)
        {
            Table.Format(w);
            w.Append('.');
        }

        w.Append('*');
    }
}
