namespace Tessera.Sql.Ast.Statements;

// `INSERT|REPLACE [options] [INTO] t [(cols)] VALUES (...), ... | SET c = v, ... | SELECT ...
//  [ON DUPLICATE KEY UPDATE c = v, ...]`. Exactly one of Rows, Set, Select is used.
public sealed record Insert : Statement
{
    public bool IsReplace { get; init; }

    public Comments? Comments { get; init; }

    // `ignore`, `low_priority`, `delayed`, `high_priority`.
    public IReadOnlyList<string> Options { get; init; } = [];

    public required TableName Table { get; init; }

    public IReadOnlyList<string>? Partitions { get; init; }

    public IReadOnlyList<string>? Columns { get; init; }

    public IReadOnlyList<IReadOnlyList<Expression>>? Rows { get; init; }

    public IReadOnlyList<Assignment>? Set { get; init; }

    public QueryStatement? Select { get; init; }

    public IReadOnlyList<Assignment> OnDuplicate { get; init; } = [];

    public bool Ignore => Options.Contains("ignore");

    internal override void Format(SqlWriter w)
    {
        w.Append(IsReplace ? "replace " : "insert ");
        Comments?.Format(w);
        foreach (var o in Options)
        {
            w.Append(o).Append(' ');
        }

        w.Append("into ");
        Table.Format(w);
        if (Partitions is { Count: > 0 })
        {
            w.Append(" partition (").Idents(Partitions).Append(')');
        }

        if (Columns != null)
        {
            w.Append('(').Idents(Columns).Append(')');
        }

        if (Rows != null)
        {
            w.Append(" values ");
            for (var i = 0; i < Rows.Count; i++)
            {
                if (i > 0)
                {
                    w.Append(", ");
                }

                w.Append('(').List(Rows[i]).Append(')');
            }
        }
        else if (Set != null)
        {
            w.Append(" set ").List(Set);
        }
        else if (Select != null)
        {
            w.Append(' ');
            Select.Format(w);
        }

        if (OnDuplicate.Count > 0)
        {
            w.Append(" on duplicate key update ").List(OnDuplicate);
        }
    }

    public override Statement Rewrite(AstRewriter rewriter)
    {
        var r = rewriter;
        var table = r.VisitTableName(Table);
        var rows = Rows == null ? null : r.List(Rows, static (row, rr) => rr.List(row));
        var set = Set == null ? null : r.List(Set, static (x, rr) => x.Rewrite(rr));
        var select = Select == null || !r.VisitSubqueries ? Select : (QueryStatement)Select.Rewrite(r);
        var dup = r.List(OnDuplicate, static (x, rr) => x.Rewrite(rr));
        return ReferenceEquals(table, Table) && ReferenceEquals(rows, Rows) && ReferenceEquals(set, Set)
            && ReferenceEquals(select, Select) && ReferenceEquals(dup, OnDuplicate)
            ? this : this with { Table = table, Rows = rows, Set = set, Select = select, OnDuplicate = dup };
    }
}
