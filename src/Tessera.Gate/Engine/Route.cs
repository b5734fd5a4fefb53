using System.Text.Json.Nodes;

namespace Tessera.Gate.Engine;

// Sends one query to the shards its routing resolves to and merges what comes back: merge-sorted
// when the query has an ORDER BY that spans shards, concatenated otherwise; columns the planner
// added for sorting (HiddenColumns) are dropped on the way out. Vitess: engine.Route.
internal sealed partial class Route(RoutingParams routing, string query) : IPrimitive
{
    public RoutingParams Routing { get; } = routing;

    public string Query { get; } = query;

    // Run instead of Query when the route can match nothing (opcode None): fetches the columns only.
    public string? FieldQuery { get; init; }

    // Run on any shard when a vindex maps the values nowhere (a lookup miss), so the client still
    // gets the columns of an empty result; not part of the description.
    public string? NoMatchQuery { get; init; }

    public IReadOnlyList<OrderByParam> OrderBy { get; init; } = [];

    public int HiddenColumns { get; init; }

    public string? Table { get; init; }

    public async ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var shards = await Routing.ResolveAsync(cursor, bindVariables, cancellationToken).ConfigureAwait(false);
        var sql = Routing.Opcode == RouteOpcode.None && FieldQuery is not null ? FieldQuery : Query;
        if (shards.Count == 0 && NoMatchQuery is not null)
        {
            var resolver = await cursor.ResolverAsync(Routing.Keyspace, cancellationToken).ConfigureAwait(false);
            shards = [(resolver.Resolve(Keys.DestinationAnyShard.Instance)[0], bindVariables)];
            sql = NoMatchQuery;
        }
        var queries = shards.Select(s => (s.Shard, new BoundQuery(sql, s.BindVariables))).ToList();
        var results = await cursor.ExecuteMultiShardAsync(Routing.Keyspace, queries, isDml: false, cancellationToken).ConfigureAwait(false);
        var merged = Merge(results);
        return HiddenColumns > 0 ? merged.Truncate(merged.Fields.Count - HiddenColumns) : merged;
    }

    private Result Merge(IReadOnlyList<Result> results)
    {
        if (results.Count == 0)
        {
            return new Result();
        }

        if (results.Count == 1)
        {
            return results[0];
        }

        var fields = results.FirstOrDefault(r => r.Fields.Count > 0)?.Fields ?? [];
        List<Value[]> rows;
        if (OrderBy.Count > 0)
        {
            rows = MergeSort.Merge(results, OrderBy);
        }
        else
        {
            rows = new List<Value[]>(results.Sum(r => r.Rows.Count));
            foreach (var r in results)
            {
                rows.AddRange(r.Rows);
            }
        }

        return new Result(fields, rows) { RowsAffected = (ulong)results.Sum(r => (long)r.RowsAffected) };
    }

    public JsonObject Describe()
    {
        var o = new JsonObject { ["OperatorType"] = "Route" };
        Routing.DescribeInto(o);
        if (FieldQuery is not null)
        {
            o["FieldQuery"] = FieldQuery;
        }

        o["Query"] = Query;
        if (OrderBy.Count > 0)
        {
            o["OrderBy"] = string.Join(", ", OrderBy);
        }

        if (HiddenColumns > 0)
        {
            o["HiddenColumns"] = HiddenColumns;
        }

        if (Table is not null)
        {
            o["Table"] = Table;
        }

        return o;
    }
}
