namespace Tessera.Sql.Ast.Statements;

// An element of a CREATE TABLE definition list.
public abstract record TableElement : SqlNode;

// `name type [NOT NULL|NULL] [DEFAULT e] [ON UPDATE e] [AUTO_INCREMENT] [UNIQUE KEY|PRIMARY KEY] [COMMENT 's'] ...`.
public sealed record ColumnDefinition(string Name, DataType Type) : TableElement
{
    // null when not given; false for NOT NULL.
    public bool? Nullable { get; init; }

    public Expression? Default { get; init; }

    public Expression? OnUpdate { get; init; }

    public bool AutoIncrement { get; init; }

    // `primary key`, `unique key` or `key` written on the column.
    public string? Key { get; init; }

    public string? Comment { get; init; }

    public Expression? GeneratedAs { get; init; }

    public bool Stored { get; init; }

    public bool Invisible { get; init; }

    public Expression? Check { get; init; }

    internal override void Format(SqlWriter w)
    {
        w.Ident(Name).Append(' ');
        Type.Format(w);
        if (GeneratedAs != null)
        {
            w.Append(" as (").Expr(GeneratedAs, Prec.Lowest).Append(Stored ? ") stored" : ") virtual");
        }

        if (Nullable != null)
        {
            w.Append(Nullable.Value ? " null" : " not null");
        }

        if (Default != null)
        {
            w.Append(" default ");
            FormatDefault(w, Default);
        }

        if (OnUpdate != null)
        {
            w.Append(" on update ");
            FormatDefault(w, OnUpdate);
        }

        if (AutoIncrement)
        {
            w.Append(" auto_increment");
        }

        if (Invisible)
        {
            w.Append(" invisible");
        }

        if (Key != null)
        {
            w.Append(' ').Append(Key);
        }

        if (Comment != null)
        {
            w.Append(" comment ").Quoted(Comment);
        }

        if (Check != null)
        {
            w.Append(" check (").Expr(Check, Prec.Lowest).Append(')');
        }
    }

    internal static void FormatDefault(SqlWriter w, Expression e)
    {
        if (e is Literal or FunctionCall { Name: "current_timestamp" or "now" or "localtimestamp" or "localtime" })
        {
            e.Format(w);
        }
        else
        {
            w.Append('(').Expr(e, Prec.Lowest).Append(')');
        }
    }
}

// A column of an index: `col`, `col(10)`, `col desc`, or an expression `(lower(a))`.
public sealed record IndexColumn(string? Column, string? Length = null, OrderDirection Direction = OrderDirection.None, Expression? Expression = null) : SqlNode
{
    internal override void Format(SqlWriter w)
    {
        if (Expression != null)
        {
            w.Append('(').Expr(Expression, Prec.Lowest).Append(')');
        }
        else
        {
            w.Ident(Column!);
        }

        if (Length != null)
        {
            w.Append('(').Append(Length).Append(')');
        }

        if (Direction != OrderDirection.None)
        {
            w.Append(Direction == OrderDirection.Asc ? " asc" : " desc");
        }
    }
}

// `[CONSTRAINT c] PRIMARY KEY|UNIQUE KEY|KEY|FULLTEXT KEY|SPATIAL KEY [name] [USING t] (cols) [options]`.
// Kind is one of `primary key`, `unique key`, `key`, `fulltext key`, `spatial key`; Options canonical text.
public sealed record IndexDefinition(string Kind, string? Name, IReadOnlyList<IndexColumn> Columns, IReadOnlyList<string> Options, string? ConstraintName = null) : TableElement
{
    public bool IsPrimary => Kind == "primary key";

    public bool IsUnique => Kind is "primary key" or "unique key";

    internal override void Format(SqlWriter w)
    {
        if (ConstraintName != null)
        {
            w.Append("constraint ").Ident(ConstraintName).Append(' ');
        }

        w.Append(Kind);
        if (Name != null)
        {
            w.Append(' ').Ident(Name);
        }

        w.Append(" (").List(Columns).Append(')');
        foreach (var o in Options)
        {
            w.Append(' ').Append(o);
        }
    }
}

// `[CONSTRAINT c] FOREIGN KEY [name] (cols) REFERENCES t (cols) [ON DELETE a] [ON UPDATE a]`.
public sealed record ForeignKeyDefinition(string? ConstraintName, string? IndexName, IReadOnlyList<string> Columns, TableName ReferencedTable, IReadOnlyList<string> ReferencedColumns, string? OnDelete, string? OnUpdate) : TableElement
{
    internal override void Format(SqlWriter w)
    {
        if (ConstraintName != null)
        {
            w.Append("constraint ").Ident(ConstraintName).Append(' ');
        }

        w.Append("foreign key ");
        if (IndexName != null)
        {
            w.Ident(IndexName).Append(' ');
        }

        w.Append('(').Idents(Columns).Append(") references ");
        ReferencedTable.Format(w);
        w.Append(" (").Idents(ReferencedColumns).Append(')');
        if (OnDelete != null)
        {
            w.Append(" on delete ").Append(OnDelete);
        }

        if (OnUpdate != null)
        {
            w.Append(" on update ").Append(OnUpdate);
        }
    }
}

// `[CONSTRAINT c] CHECK (e)`.
public sealed record CheckConstraint(string? ConstraintName, Expression Condition) : TableElement
{
    internal override void Format(SqlWriter w)
    {
        if (ConstraintName != null)
        {
            w.Append("constraint ").Ident(ConstraintName).Append(' ');
        }

        w.Append("check (").Expr(Condition, Prec.Lowest).Append(')');
    }
}

// A table option: `engine InnoDB`, `comment 'vitess_sequence'`, `charset utf8mb4`, `auto_increment 10`.
public sealed record TableOption(string Name, string Value, bool IsString = false) : SqlNode
{
    internal override void Format(SqlWriter w)
    {
        w.Append(Name).Append(' ');
        if (IsString)
        {
            w.Quoted(Value);
        }
        else
        {
            w.Append(Value);
        }
    }
}
