namespace Tessera.Sql.Ast.Statements;

// `CREATE [OR REPLACE] [TEMPORARY] TABLE [IF NOT EXISTS] t (elements) [options] [AS query]` or `... LIKE other`.
public sealed record CreateTable(TableName Table) : Statement
{
    public bool OrReplace { get; init; }

    public bool Temporary { get; init; }

    public bool IfNotExists { get; init; }

    public IReadOnlyList<TableElement> Elements { get; init; } = [];

    public IReadOnlyList<TableOption> Options { get; init; } = [];

    public TableName? Like { get; init; }

    public QueryStatement? AsSelect { get; init; }

    public IEnumerable<ColumnDefinition> Columns => Elements.OfType<ColumnDefinition>();

    public IEnumerable<IndexDefinition> Indexes => Elements.OfType<IndexDefinition>();

    // The table comment: a Vitess sequence table is marked with `comment 'vitess_sequence'`.
    public string? Comment => Options.LastOrDefault(o => o.Name == "comment")?.Value;

    public bool IsSequence => string.Equals(Comment, "vitess_sequence", StringComparison.OrdinalIgnoreCase);

    internal override void Format(SqlWriter w)
    {
        w.Append("create ");
        if (OrReplace)
        {
            w.Append("or replace ");
        }

        w.Append(Temporary ? "temporary table " : "table ");
        if (IfNotExists)
        {
            w.Append("if not exists ");
        }

        Table.Format(w);
        if (Like != null)
        {
            w.Append(" like ");
            Like.Format(w);
            return;
        }

        if (Elements.Count > 0)
        {
            w.Append(" (").List(Elements).Append(')');
        }

        foreach (var o in Options)
        {
            w.Append(' ');
            o.Format(w);
        }

        if (AsSelect != null)
        {
            w.Append(" as ");
            AsSelect.Format(w);
        }
    }
}

// `CREATE DATABASE [IF NOT EXISTS] db [options]`.
public sealed record CreateDatabase(string Name, bool IfNotExists = false, IReadOnlyList<TableOption>? Options = null) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append(IfNotExists ? "create database if not exists " : "create database ").Ident(Name);
        if (Options != null)
        {
            foreach (var o in Options)
            {
                w.Append(' ');
                o.Format(w);
            }
        }
    }
}

// `CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX name ON t (cols) [options]`.
public sealed record CreateIndex(IndexDefinition Index, TableName Table) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append("create ");
        var kind = Index.Kind switch { "unique key" => "unique ", "fulltext key" => "fulltext ", "spatial key" => "spatial ", _ => string.Empty };
        w.Append(kind).Append("index ").Ident(Index.Name ?? string.Empty).Append(" on ");
        Table.Format(w);
        w.Append(" (").List(Index.Columns).Append(')');
        foreach (var o in Index.Options)
        {
            w.Append(' ').Append(o);
        }
    }
}

// `CREATE [OR REPLACE] VIEW v [(cols)] AS query` (and `ALTER VIEW`).
public sealed record CreateView(TableName Name, QueryStatement Query, IReadOnlyList<string>? Columns = null, bool OrReplace = false, bool IsAlter = false) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append(IsAlter ? "alter view " : OrReplace ? "create or replace view " : "create view ");
        Name.Format(w);
        if (Columns is { Count: > 0 })
        {
            w.Append('(').Idents(Columns).Append(')');
        }

        w.Append(" as ");
        Query.Format(w);
    }
}

// `ALTER DATABASE [db] options`.
public sealed record AlterDatabase(string? Name, IReadOnlyList<TableOption> Options) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append("alter database");
        if (Name != null)
        {
            w.Append(' ').Ident(Name);
        }

        foreach (var o in Options)
        {
            w.Append(' ');
            o.Format(w);
        }
    }
}
