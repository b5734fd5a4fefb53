using Tessera.Gate.Engine;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Gate.Planning;

// A table (or tables already merged into one query) with the routing the planner proved for it.
internal sealed class RouteUnit
{
    public required RoutingParams Routing { get; set; }

    // Alias → table; a derived table or system table has no ResolvedTable.
    public List<(string Alias, ResolvedTable? Table)> Tables { get; } = [];

    public List<TableExpr> From { get; } = [];

    // WHERE conjuncts that run in this unit's query.
    public List<Expression> Predicates { get; } = [];

    // The IN conjunct the routing was chosen from, rewritten to `::__vals` in the pushed query.
    public Expression? InPredicate { get; set; }

    public bool Has(string alias) => Tables.Exists(t => t.Alias == alias);

    public string Keyspace => Routing.Keyspace;

    public RouteOpcode Opcode => Routing.Opcode;
}
