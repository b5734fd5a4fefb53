namespace Tessera.Sql.Ast.Statements;

// One change of an ALTER TABLE.
public abstract record AlterSpec : SqlNode;

// `ADD [COLUMN] def [FIRST | AFTER c]` / `ADD COLUMN (def, ...)`.
public sealed record AddColumns(IReadOnlyList<ColumnDefinition> Columns, string? Position = null) : AlterSpec
{
    internal override void Format(SqlWriter w)
    {
        w.Append("add column ");
        if (Columns.Count == 1)
        {
            Columns[0].Format(w);
        }
        else
        {
            w.Append('(').List(Columns).Append(')');
        }

        if (Position != null)
        {
            w.Append(' ').Append(Position);
        }
    }
}

// `ADD index|constraint`.
public sealed record AddElement(TableElement Element) : AlterSpec
{
    internal override void Format(SqlWriter w)
    {
        w.Append("add ");
        Element.Format(w);
    }
}

// `DROP COLUMN c`, `DROP INDEX i`, `DROP PRIMARY KEY`, `DROP FOREIGN KEY f`, `DROP CHECK c`.
public sealed record DropElement(string Kind, string? Name, bool IfExists = false) : AlterSpec
{
    internal override void Format(SqlWriter w)
    {
        w.Append("drop ").Append(Kind);
        if (IfExists)
        {
            w.Append(" if exists");
        }

        if (Name != null)
        {
            w.Append(' ').Ident(Name);
        }
    }
}

// `MODIFY [COLUMN] def [pos]` (OldName null) or `CHANGE [COLUMN] old def [pos]`.
public sealed record ChangeColumn(string? OldName, ColumnDefinition Column, string? Position = null) : AlterSpec
{
    internal override void Format(SqlWriter w)
    {
        if (OldName == null)
        {
            w.Append("modify column ");
        }
        else
        {
            w.Append("change column ").Ident(OldName).Append(' ');
        }

        Column.Format(w);
        if (Position != null)
        {
            w.Append(' ').Append(Position);
        }
    }
}

// `RENAME [TO] t`, `RENAME COLUMN a TO b`, `RENAME INDEX a TO b`.
public sealed record RenameSpec(string? Kind, string? From, TableName To) : AlterSpec
{
    internal override void Format(SqlWriter w)
    {
        if (Kind == null)
        {
            w.Append("rename to ");
            To.Format(w);
            return;
        }

        w.Append("rename ").Append(Kind).Append(' ').Ident(From!).Append(" to ").Ident(To.Name);
    }
}

// `ALTER [COLUMN] c SET DEFAULT e` / `DROP DEFAULT`.
public sealed record AlterColumnDefault(string Column, Expression? Default) : AlterSpec
{
    internal override void Format(SqlWriter w)
    {
        w.Append("alter column ").Ident(Column);
        if (Default == null)
        {
            w.Append(" drop default");
            return;
        }

        w.Append(" set default ");
        ColumnDefinition.FormatDefault(w, Default);
    }
}

// Table options in ALTER TABLE.
public sealed record AlterOptions(IReadOnlyList<TableOption> Options) : AlterSpec
{
    internal override void Format(SqlWriter w)
    {
        for (var i = 0; i < Options.Count; i++)
        {
            if (i > 0)
            {
                w.Append(' ');
            }

            Options[i].Format(w);
        }
    }
}

// Specs with no parts worth a type: `algorithm = inplace`, `lock = none`, `force`, `enable keys`,
// `convert to character set utf8mb4 collate x`; Text is canonical.
public sealed record AlterWord(string Text) : AlterSpec
{
    internal override void Format(SqlWriter w) => w.Append(Text);
}

// `ALTER [ONLINE] [IGNORE] TABLE t spec, ...`.
public sealed record AlterTable(TableName Table, IReadOnlyList<AlterSpec> Specs) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append("alter table ");
        Table.Format(w);
        if (Specs.Count > 0)
        {
            w.Append(' ').List(Specs);
        }
    }
}
