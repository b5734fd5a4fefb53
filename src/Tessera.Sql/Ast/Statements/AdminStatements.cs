namespace Tessera.Sql.Ast.Statements;

// `EXPLAIN [FORMAT=x] statement` / `DESCRIBE statement`.
public sealed record ExplainStatement(Statement Statement, string? OutputFormat = null) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append("explain ");
        if (OutputFormat != null)
        {
            w.Append("format = ").Append(OutputFormat).Append(' ');
        }

        Statement.Format(w);
    }
}

// `DESCRIBE t [col]` / `EXPLAIN t`: the columns of a table.
public sealed record DescribeTable(TableName Table, string? Column = null) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append("describe ");
        Table.Format(w);
        if (Column != null)
        {
            w.Append(' ').Ident(Column);
        }
    }
}

public sealed record TableLock(TableName Table, string? Alias, string Mode) : SqlNode
{
    internal override void Format(SqlWriter w)
    {
        Table.Format(w);
        if (Alias != null)
        {
            w.Append(" as ").Ident(Alias);
        }

        w.Append(' ').Append(Mode);
    }
}

// `LOCK TABLES t READ [LOCAL], u WRITE`.
public sealed record LockTables(IReadOnlyList<TableLock> Tables) : Statement
{
    internal override void Format(SqlWriter w) => w.Append("lock tables ").List(Tables);
}

public sealed record UnlockTables : Statement
{
    internal override void Format(SqlWriter w) => w.Append("unlock tables");
}

// `FLUSH [LOCAL] option, ...` with options in canonical text (`tables`, `tables t1, t2 with read lock`,
// `privileges`, `logs`, `status`).
public sealed record FlushStatement(bool Local, IReadOnlyList<string> Options, IReadOnlyList<TableName>? Tables = null, bool WithReadLock = false) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append(Local ? "flush local " : "flush ").Append(string.Join(", ", Options));
        if (Tables is { Count: > 0 })
        {
            w.Append(' ').List(Tables);
        }

        if (WithReadLock)
        {
            w.Append(" with read lock");
        }
    }
}

// `ANALYZE TABLE t, u` / `OPTIMIZE TABLE t`.
public sealed record TableMaintenance(string Operation, bool NoWriteToBinlog, IReadOnlyList<TableName> Tables) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append(Operation).Append(NoWriteToBinlog ? " local table " : " table ").List(Tables);
    }
}

// `CALL proc(args)`.
public sealed record CallStatement(TableName Procedure, IReadOnlyList<Expression> Args) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append("call ");
        Procedure.Format(w);
        w.Append('(').List(Args).Append(')');
    }

    public override Statement Rewrite(AstRewriter rewriter)
    {
        var a = rewriter.List(Args);
        return ReferenceEquals(a, Args) ? this : this with { Args = a };
    }
}

// `DO expr, ...`.
public sealed record DoStatement(IReadOnlyList<Expression> Exprs) : Statement
{
    internal override void Format(SqlWriter w) => w.Append("do ").List(Exprs);

    public override Statement Rewrite(AstRewriter rewriter)
    {
        var e = rewriter.List(Exprs);
        return ReferenceEquals(e, Exprs) ? this : this with { Exprs = e };
    }
}

// `KILL [CONNECTION|QUERY] id`.
public sealed record KillStatement(Expression ConnectionId, bool QueryOnly = false) : Statement
{
    internal override void Format(SqlWriter w) => w.Append(QueryOnly ? "kill query " : "kill ").Expr(ConnectionId, Prec.Lowest);
}
