using System.Text.Json.Nodes;

namespace Tessera.Gate.Engine;

// UPDATE or DELETE routed like a Route (by vindex value, IN list, or to every shard); affected
// rows are summed over the shards. Vitess: engine.Update / engine.Delete over engine.DML.
internal sealed class Dml(string kind, RoutingParams routing, string query, string table) : IPrimitive
{
    public RoutingParams Routing { get; } = routing;

    public async ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        if (Routing.Opcode == RouteOpcode.None)
        {
            return new Result();
        }

        var shards = await Routing.ResolveAsync(cursor, bindVariables, cancellationToken).ConfigureAwait(false);
        var results = await cursor.ExecuteMultiShardAsync(Routing.Keyspace, [.. shards.Select(s => (s.Shard, new BoundQuery(query, s.BindVariables)))], isDml: true, cancellationToken).ConfigureAwait(false);
        return new Result { RowsAffected = (ulong)results.Sum(r => (long)r.RowsAffected) };
    }

    public JsonObject Describe()
    {
        var o = new JsonObject { ["OperatorType"] = kind };
        Routing.DescribeInto(o);
        o["Query"] = query;
        o["Table"] = table;
        return o;
    }
}
