namespace Tessera.Sql.Ast.Statements;

// SHOW in its many forms. Kind is the canonical lower-case words after SHOW (`databases`, `tables`,
// `columns`, `create table`, `index`, `variables`, `status`, `warnings`, `processlist`,
// `vitess_tablets`, `keyspaces`, `vschema tables` ...).
public sealed record ShowStatement(string Kind) : Statement
{
    public bool Full { get; init; }

    public VariableScope Scope { get; init; }

    // The table of COLUMNS / INDEX / CREATE TABLE, the object of other CREATE forms.
    public TableName? Table { get; init; }

    // `FROM db` / `IN db`.
    public string? Database { get; init; }

    public Expression? Like { get; init; }

    public Expression? Where { get; init; }

    // `SHOW WARNINGS LIMIT n` / `SHOW PROCESSLIST` has none.
    public Limit? Limit { get; init; }

    internal override void Format(SqlWriter w)
    {
        w.Append("show ");
        if (Full)
        {
            w.Append("full ");
        }

        if (Scope != VariableScope.None)
        {
            w.Append(SystemVariable.ScopeText(Scope)).Append(' ');
        }

        w.Append(Kind);
        if (Table != null)
        {
            w.Append(Kind.StartsWith("create", StringComparison.Ordinal) ? " " : " from ");
            Table.Format(w);
        }

        if (Database != null)
        {
            w.Append(" from ").Ident(Database);
        }

        if (Like != null)
        {
            w.Append(" like ").Expr(Like, Prec.Primary);
        }

        if (Where != null)
        {
            w.Append(" where ").Expr(Where, Prec.Lowest);
        }

        Limit?.Format(w);
    }
}
