using Tessera.Gate.Planning;

namespace Tessera.Gate.Executing;

// The transaction variables the gate keeps itself (it asks each BEGIN for them instead of setting
// them on tablet connections) are answered from the session, also inside a query a tablet runs:
// @@tx_read_only / @@transaction_read_only, and @@tx_isolation / @@transaction_isolation once the
// session set a level. The MySQL 8 spellings, which MariaDB 10.11 does not know, always are.
// Replaced by literals before normalizing, select items keeping their text as column name (as
// VersionRewrite). Checked on the text first to keep the hot path free.
internal static class SessionVariableRewrite
{
    public static bool MayApply(string sql) =>
        sql.Contains("read_only", StringComparison.OrdinalIgnoreCase) || sql.Contains("isolation", StringComparison.OrdinalIgnoreCase);

    public static Statement Apply(Statement statement, GateSession session)
    {
        if (statement is not QueryStatement)
        {
            return statement;
        }

        Expression? Replacement(Expression e) => e switch
        {
            SystemVariable { Scope: VariableScope.None or VariableScope.Session } v
                when v.Name.Equals("tx_read_only", StringComparison.OrdinalIgnoreCase) || v.Name.Equals("transaction_read_only", StringComparison.OrdinalIgnoreCase)
                => new Literal(LiteralKind.Integer, session.ReadOnly ? "1" : "0"),
            SystemVariable { Scope: VariableScope.None or VariableScope.Session } v
                when v.Name.Equals("tx_isolation", StringComparison.OrdinalIgnoreCase) || v.Name.Equals("transaction_isolation", StringComparison.OrdinalIgnoreCase)
                => session.IsolationLevel is { } level ? new Literal(LiteralKind.String, level.ToUpperInvariant().Replace(' ', '-'))
                    : v.Name.Equals("transaction_isolation", StringComparison.OrdinalIgnoreCase) ? v with { Name = "tx_isolation" }
                    : null,
            _ => null,
        };

        return KeepNames(statement, Replacement).Rewrite(new ExpressionReplacer(Replacement, visitSubqueries: true));
    }

    private static Statement KeepNames(Statement statement, Func<Expression, Expression?> replacement) => statement switch
    {
        Select select when select.Items.Any(i => i.Alias is null && replacement(i.Expr) is not null) =>
            select with { Items = [.. select.Items.Select(i => i.Alias is null && replacement(i.Expr) is not null ? i with { Alias = AstFacts.Text(i.Expr) } : i)] },
        SetOperation set => set with { Left = (QueryStatement)KeepNames(set.Left, replacement) },
        _ => statement,
    };
}
