namespace Tessera.Sql.Ast.Expressions;

// `?`, a positional parameter of a prepared statement; Index counts from 0 in text order.
public sealed record Parameter(int Index) : Expression
{
    internal override void Format(SqlWriter w) => w.Append('?');
}

// `:name`, a named bind variable (what the normalizer produces: `:vtg1`).
public sealed record BindVariable(string Name) : Expression
{
    internal override void Format(SqlWriter w) => w.Append(':').Append(Name);
}
