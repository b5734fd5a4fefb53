using Tessera.Gate.Engine;
using Tessera.Gate.Evaluation;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Gate.Planning;

// Chooses a table's routing from the WHERE conjuncts that mention its vindex columns (Vitess:
// the planner's vindex predicates): `col = v` on a unique vindex is EqualUnique, on a lookup
// Equal; `col in (v, ...)` is IN; `col = null` or a FALSE conjunct is None; otherwise Scatter.
// Among candidates the best opcode wins, then the cheapest vindex.
internal static class VindexRouting
{
    public static (RoutingParams Routing, Expression? InPredicate) Choose(ResolvedTable table, string alias, IReadOnlyList<Expression> predicates, bool unqualifiedIsOurs)
    {
        if (table.Kind == TableKind.Reference)
        {
            return (new RoutingParams(RouteOpcode.Reference, table.Keyspace), null);
        }

        if (!table.KeyspaceSharded || table.Kind == TableKind.Sequence)
        {
            return (new RoutingParams(RouteOpcode.Unsharded, table.Keyspace), null);
        }

        RoutingParams best = new(RouteOpcode.Scatter, table.Keyspace);
        Expression? bestIn = null;
        var bestCost = int.MaxValue;
        foreach (var p in predicates)
        {
            if (p is Literal { Kind: LiteralKind.False or LiteralKind.Null })
            {
                return (new RoutingParams(RouteOpcode.None, table.Keyspace), null);
            }

            foreach (var cv in table.ColumnVindexes)
            {
                if (cv.Columns.Count != 1)
                {
                    continue;
                }

                var candidate = Match(p, cv, alias, unqualifiedIsOurs, table.Keyspace);
                if (candidate is null)
                {
                    continue;
                }

                if (candidate.Opcode == RouteOpcode.None)
                {
                    return (candidate, null);
                }

                if (candidate.Opcode < best.Opcode || (candidate.Opcode == best.Opcode && cv.Vindex.Cost < bestCost))
                {
                    best = candidate;
                    bestCost = cv.Vindex.Cost;
                    bestIn = candidate.Opcode == RouteOpcode.IN ? p : null;
                }
            }
        }

        return (best, bestIn);
    }

    private static RoutingParams? Match(Expression p, ResolvedColumnVindex cv, string alias, bool unqualifiedIsOurs, string keyspace)
    {
        var column = cv.Columns[0];
        switch (p)
        {
            case BinaryExpr { Op: BinaryOp.Eq } eq:
                var (col, val) = IsColumn(eq.Left, column, alias, unqualifiedIsOurs) ? (eq.Left, eq.Right)
                    : IsColumn(eq.Right, column, alias, unqualifiedIsOurs) ? (eq.Right, eq.Left) : (null, null);
                if (col is null || val is null)
                {
                    return null;
                }

                if (val is Literal { Kind: LiteralKind.Null })
                {
                    return new RoutingParams(RouteOpcode.None, keyspace);
                }

                if (!IsValue(val))
                {
                    return null;
                }

                return new RoutingParams(cv.Vindex.IsUnique ? RouteOpcode.EqualUnique : RouteOpcode.Equal, keyspace)
                {
                    Vindex = cv.Vindex,
                    Values = [EvalTranslator.Translate(val)!],
                };
            case IsExpr { Kind: IsKind.Null, Not: false } isNull when IsColumn(isNull.Operand, column, alias, unqualifiedIsOurs) && cv.Vindex.IsUnique && cv.Vindex is Vindexes.IHashingVindex:
                // A functional vindex never maps NULL: no row can sit at a NULL sharding key.
                return new RoutingParams(RouteOpcode.None, keyspace);
            case InExpr { Not: false } inx when IsColumn(inx.Operand, column, alias, unqualifiedIsOurs)
                && inx.Values.Count > 0 && inx.Values.All(IsValue):
                return new RoutingParams(RouteOpcode.IN, keyspace)
                {
                    Vindex = cv.Vindex,
                    Values = [.. inx.Values.Select(v => EvalTranslator.Translate(v)!)],
                };
            default:
                return null;
        }
    }

    public static bool IsValue(Expression e) => e is BindVariable || e is Literal { Kind: not LiteralKind.Null };

    public static bool IsColumn(Expression e, string column, string alias, bool unqualifiedIsOurs) =>
        e is ColumnName c && c.Name.Equals(column, StringComparison.OrdinalIgnoreCase)
        && (c.Table is null ? unqualifiedIsOurs : c.Table.Name == alias);
}
