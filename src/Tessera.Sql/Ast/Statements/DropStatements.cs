namespace Tessera.Sql.Ast.Statements;

// `DROP [TEMPORARY] TABLE [IF EXISTS] t, ... [RESTRICT|CASCADE]`.
public sealed record DropTable(IReadOnlyList<TableName> Tables, bool IfExists = false, bool Temporary = false) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append(Temporary ? "drop temporary table " : "drop table ");
        if (IfExists)
        {
            w.Append("if exists ");
        }

        w.List(Tables);
    }
}

// `DROP VIEW [IF EXISTS] v, ...`.
public sealed record DropView(IReadOnlyList<TableName> Views, bool IfExists = false) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append(IfExists ? "drop view if exists " : "drop view ").List(Views);
    }
}

// `DROP DATABASE|SCHEMA [IF EXISTS] db`.
public sealed record DropDatabase(string Name, bool IfExists = false) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append(IfExists ? "drop database if exists " : "drop database ").Ident(Name);
    }
}

// `DROP INDEX name ON t`.
public sealed record DropIndex(string Name, TableName Table) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append("drop index ").Ident(Name).Append(" on ");
        Table.Format(w);
    }
}

// `RENAME TABLE a TO b, c TO d`.
public sealed record RenameTable(IReadOnlyList<(TableName From, TableName To)> Pairs) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append("rename table ");
        for (var i = 0; i < Pairs.Count; i++)
        {
            if (i > 0)
            {
                w.Append(", ");
            }

            Pairs[i].From.Format(w);
            w.Append(" to ");
            Pairs[i].To.Format(w);
        }
    }
}

// `TRUNCATE [TABLE] t`.
public sealed record TruncateTable(TableName Table) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append("truncate table ");
        Table.Format(w);
    }
}
