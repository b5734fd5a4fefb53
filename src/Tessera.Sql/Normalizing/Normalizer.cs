namespace Tessera.Sql.Normalizing;

// Replaces the literals of a DML statement with bind variables `:vtg1`, `:vtg2` ... in text order and
// returns their values, so statements that differ only in constants share one plan-cache entry (the
// Vitess normalizer). Left as literals: ORDER BY / GROUP BY column positions, LIMIT / OFFSET (the
// planner reads them), NULL / TRUE / FALSE, typed
// literals (DATE '...'), strings with a charset introducer, and everything in
// statements other than SELECT, INSERT, UPDATE and DELETE.
public static class Normalizer
{
    public const string Prefix = "vtg";

    private static readonly string[] Names = Enumerable.Range(0, 256).Select(i => Prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static readonly IReadOnlyDictionary<string, Literal> Empty = new Dictionary<string, Literal>();

    public static (Statement Statement, IReadOnlyDictionary<string, Literal> BindVariables) Normalize(Statement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement is not (QueryStatement or Insert or Update or Delete))
        {
            return (statement, Empty);
        }

        var rewriter = new LiteralRewriter(0);
        var result = statement.Rewrite(rewriter);
        if (rewriter.MaxExisting > 0 && rewriter.Values != null)
        {
            // The statement already used `:vtgN` names: number ours after the highest of them.
            rewriter = new LiteralRewriter(rewriter.MaxExisting);
            result = statement.Rewrite(rewriter);
        }

        return (result, (IReadOnlyDictionary<string, Literal>?)rewriter.Values ?? Empty);
    }

    internal static string Name(int n) => n < Names.Length ? Names[n] : Prefix + n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class LiteralRewriter(int offset) : AstRewriter
    {
        public BindValues? Values;

        public int MaxExisting;

        public override Expression VisitExpression(Expression e)
        {
            if (e is BindVariable { Name: var bound } && bound.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(bound.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                MaxExisting = Math.Max(MaxExisting, n);
                return e;
            }

            if (e is not Literal { Charset: null } lit || lit.Kind is LiteralKind.Null or LiteralKind.True or LiteralKind.False
                or LiteralKind.Date or LiteralKind.Time or LiteralKind.Timestamp)
            {
                return e;
            }

            Values ??= new BindValues(offset + 1);
            return new BindVariable(Values.Add(lit));
        }

        public override Expression VisitOrdinal(Expression e) => e is Literal { Kind: LiteralKind.Integer } ? e : e.Rewrite(this);

        public override Expression VisitLimit(Expression e) => e;
    }
}
