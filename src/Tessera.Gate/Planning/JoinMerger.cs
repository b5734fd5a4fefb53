using Tessera.Gate.Engine;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Gate.Planning;

// Whether two routes can run as one joined query and still answer as one MariaDB would:
// one unsharded keyspace; one side a reference table of the other's keyspace; the same explicit
// shard; or both sharded in one keyspace and joined by equality on their primary vindex columns
// through the same vindex type, so matching rows always share a shard. Vitess: the join merging
// rules of its operator planner.
internal static class JoinMerger
{
    public static RouteUnit? TryMerge(RouteUnit a, RouteUnit b, SelectPlanner.FromItem item, IReadOnlyList<Expression> joinPreds)
    {
        var routing = MergedRouting(a, b, item.Kind, joinPreds, out var inPredicate);
        if (routing is null)
        {
            return null;
        }

        var merged = new RouteUnit { Routing = routing, InPredicate = inPredicate };
        merged.Tables.AddRange(a.Tables);
        merged.Tables.AddRange(b.Tables);
        merged.Predicates.AddRange(a.Predicates);
        merged.Predicates.AddRange(b.Predicates);
        if (item.On is not null || item.Kind is JoinKind.Left or JoinKind.Straight)
        {
            var left = a.From.Count == 1 ? a.From[0] : new ParenTableExpr([.. a.From]);
            merged.From.Add(new JoinTable(left, item.Kind, b.From[0], item.On));
        }
        else
        {
            merged.From.AddRange(a.From);
            merged.From.AddRange(b.From);
        }

        return merged;
    }

    private static RoutingParams? MergedRouting(RouteUnit a, RouteUnit b, JoinKind kind, IReadOnlyList<Expression> joinPreds, out Expression? inPredicate)
    {
        RoutingParams ra = a.Routing, rb = b.Routing;
        inPredicate = null;
        if (ra.Keyspace != rb.Keyspace)
        {
            return null;
        }

        switch (ra.Opcode, rb.Opcode)
        {
            case (RouteOpcode.Unsharded, RouteOpcode.Unsharded or RouteOpcode.Reference):
            case (RouteOpcode.Reference, RouteOpcode.Unsharded) when kind != JoinKind.Left:
                return ra.Opcode == RouteOpcode.Unsharded ? ra : rb;
            case (RouteOpcode.Reference, RouteOpcode.Reference):
            case (RouteOpcode.DBA, RouteOpcode.DBA):
                return ra;
            case (RouteOpcode.ByDestination, RouteOpcode.ByDestination) when Equals(ra.TargetDestination, rb.TargetDestination):
                return ra;
            case (_, RouteOpcode.Reference) when ra.Opcode is not (RouteOpcode.None):
                inPredicate = a.InPredicate;
                return ra;
            case (RouteOpcode.Reference, _) when kind != JoinKind.Left:
                inPredicate = b.InPredicate;
                return rb;
        }

        if (!Sharded(ra) || !Sharded(rb) || !JoinedOnPrimaryVindex(a, b, joinPreds))
        {
            return null;
        }

        if (kind == JoinKind.Left || ra.Opcode <= rb.Opcode)
        {
            inPredicate = a.InPredicate;
            return ra;
        }

        inPredicate = b.InPredicate;
        return rb;
    }

    private static bool Sharded(RoutingParams r) => r.Opcode is RouteOpcode.EqualUnique or RouteOpcode.Equal or RouteOpcode.IN or RouteOpcode.Scatter or RouteOpcode.None;

    private static bool JoinedOnPrimaryVindex(RouteUnit a, RouteUnit b, IReadOnlyList<Expression> joinPreds)
    {
        if (b.Tables is not [(var bAlias, { } bTable)] || bTable.PrimaryVindex is not { Columns.Count: 1 } bv)
        {
            return false;
        }

        foreach (var p in joinPreds)
        {
            if (p is not BinaryExpr { Op: BinaryOp.Eq, Left: ColumnName l, Right: ColumnName r })
            {
                continue;
            }

            foreach (var (x, y) in new[] { (l, r), (r, l) })
            {
                if (y.Table?.Name != bAlias || !y.Name.Equals(bv.Columns[0], StringComparison.OrdinalIgnoreCase) || x.Table is null)
                {
                    continue;
                }

                var left = a.Tables.FirstOrDefault(t => t.Alias == x.Table.Name).Table;
                if (left?.PrimaryVindex is { Columns.Count: 1 } av && av.Columns[0].Equals(x.Name, StringComparison.OrdinalIgnoreCase)
                    && av.Vindex.TypeName == bv.Vindex.TypeName && left.Kind == TableKind.Normal)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
