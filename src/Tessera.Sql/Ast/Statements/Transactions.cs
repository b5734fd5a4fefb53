namespace Tessera.Sql.Ast.Statements;

// `BEGIN [WORK]` / `START TRANSACTION [READ ONLY|READ WRITE|WITH CONSISTENT SNAPSHOT]`.
public sealed record BeginStatement(IReadOnlyList<string> Characteristics, bool IsStart = true) : Statement
{
    public bool ReadOnly => Characteristics.Contains("read only");

    internal override void Format(SqlWriter w)
    {
        if (!IsStart && Characteristics.Count == 0)
        {
            w.Append("begin");
            return;
        }

        w.Append("start transaction");
        for (var i = 0; i < Characteristics.Count; i++)
        {
            w.Append(i == 0 ? " " : ", ").Append(Characteristics[i]);
        }
    }
}

public sealed record CommitStatement : Statement
{
    internal override void Format(SqlWriter w) => w.Append("commit");
}

// `ROLLBACK [WORK] [TO [SAVEPOINT] name]`.
public sealed record RollbackStatement(string? Savepoint = null) : Statement
{
    internal override void Format(SqlWriter w)
    {
        w.Append("rollback");
        if (Savepoint != null)
        {
            w.Append(" to ").Ident(Savepoint);
        }
    }
}

public sealed record SavepointStatement(string Name) : Statement
{
    internal override void Format(SqlWriter w) => w.Append("savepoint ").Ident(Name);
}

public sealed record ReleaseSavepointStatement(string Name) : Statement
{
    internal override void Format(SqlWriter w) => w.Append("release savepoint ").Ident(Name);
}
