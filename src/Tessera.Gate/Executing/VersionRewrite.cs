using Tessera.Gate.Evaluation;
using Tessera.Gate.Planning;

namespace Tessera.Gate.Executing;

// @@version, @@version_comment and VERSION() are the gate's own (the MariaDB-compatible version with
// the Tessera suffix the handshake announces), also inside a query a tablet runs, which would
// otherwise answer with its MariaDB's. Replaced by literals before normalizing; a select item keeps
// its original text as its column name, as MariaDB names it. A SELECT without FROM is evaluated by
// the gate already and is left alone. Checked on the text first to keep the hot path free.
internal static class VersionRewrite
{
    public static bool MayApply(string sql) => sql.Contains("version", StringComparison.OrdinalIgnoreCase);

    public static Statement Apply(Statement statement)
    {
        if (statement is Select { From.Count: 0 })
        {
            return statement;
        }

        return KeepNames(statement).Rewrite(new ExpressionReplacer(Replacement, visitSubqueries: true));
    }

    // The column names come from the first SELECT of a UNION.
    private static Statement KeepNames(Statement statement) => statement switch
    {
        Select select when select.Items.Any(i => i.Alias is null && Replacement(i.Expr) is not null) =>
            select with { Items = [.. select.Items.Select(i => i.Alias is null && Replacement(i.Expr) is not null ? i with { Alias = AstFacts.Text(i.Expr) } : i)] },
        SetOperation set => set with { Left = (QueryStatement)KeepNames(set.Left) },
        _ => statement,
    };

    private static Literal? Replacement(Expression e) => e switch
    {
        SystemVariable { Scope: VariableScope.None or VariableScope.Session or VariableScope.Global } v when v.Name.Equals("version", StringComparison.OrdinalIgnoreCase)
            => new Literal(LiteralKind.String, SessionFuncEval.Version),
        SystemVariable { Scope: VariableScope.None or VariableScope.Session or VariableScope.Global } v when v.Name.Equals("version_comment", StringComparison.OrdinalIgnoreCase)
            => new Literal(LiteralKind.String, SessionFuncEval.VersionComment),
        FunctionCall { Args.Count: 0, Qualifier: null, Over: null } f when f.Name.Equals("version", StringComparison.OrdinalIgnoreCase)
            => new Literal(LiteralKind.String, SessionFuncEval.Version),
        _ => null,
    };
}
