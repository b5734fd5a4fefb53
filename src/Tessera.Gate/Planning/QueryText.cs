using Tessera.Gate.Engine;

namespace Tessera.Gate.Planning;

// Turns a statement into the text a route sends: keyspace qualifiers dropped, the routing IN list
// replaced by the per-shard tuple `::__vals`.
internal static class QueryText
{
    private static readonly string InPlaceholder = "(::" + RoutingParams.InVariable + ")";

    public static string For(Statement statement, PlanContext ctx, Expression? inPredicate = null)
    {
        var s = statement;
        if (inPredicate is InExpr inx)
        {
            var replacement = new InExpr(inx.Operand, false, [new BindVariable(":" + RoutingParams.InVariable)]);
            s = s.Rewrite(new ExpressionReplacer(e => ReferenceEquals(e, inx) ? replacement : null, visitSubqueries: true));
        }

        s = s.Rewrite(new KeyspaceQualifierStripper(ctx.KeyspaceNames));
        var text = SqlFormatter.Format(s);
        return text.Replace(InPlaceholder, "::" + RoutingParams.InVariable, StringComparison.Ordinal);
    }

    // The same query matching no row, to learn its columns (opcode None).
    public static string FieldQuery(Select select, PlanContext ctx) =>
        For(select with { Where = new BinaryExpr(new Literal(LiteralKind.Integer, "1"), BinaryOp.Ne, new Literal(LiteralKind.Integer, "1")) }, ctx);
}
