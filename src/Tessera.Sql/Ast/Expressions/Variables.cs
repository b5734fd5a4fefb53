namespace Tessera.Sql.Ast.Expressions;

public enum VariableScope
{
    None,
    Session,
    Global,
    Local,
    Persist,
    PersistOnly,
}

// `@name`.
public sealed record UserVariable(string Name) : Expression
{
    internal override void Format(SqlWriter w)
    {
        w.Append('@');
        if (Name.Length > 0 && Name.All(c => Lexing.Lexer.IsIdentChar(c) || c == '.'))
        {
            w.Append(Name);
        }
        else
        {
            w.QuotedIdent(Name);
        }
    }
}

// `@@name`, `@@session.name`, `@@global.name`; also the target of `SET [SESSION|GLOBAL] name = ...`.
public sealed record SystemVariable(VariableScope Scope, string Name) : Expression
{
    internal override void Format(SqlWriter w)
    {
        w.Append("@@");
        if (Scope != VariableScope.None)
        {
            w.Append(ScopeText(Scope)).Append('.');
        }

        w.Append(Name);
    }

    internal static string ScopeText(VariableScope scope) => scope switch
    {
        VariableScope.Session => "session",
        VariableScope.Global => "global",
        VariableScope.Local => "local",
        VariableScope.Persist => "persist",
        VariableScope.PersistOnly => "persist_only",
        _ => string.Empty,
    };
}
