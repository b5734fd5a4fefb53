using System.Text.Json.Nodes;

namespace Tessera.Gate.Engine;

// UPDATE or DELETE routed like a Route (by vindex value, IN list, or to every shard); affected
// rows are summed over the shards. On a table owning lookup vindexes the lookup rows of the
// rows touched are deleted or moved first (OwnedVindexes). Vitess: engine.Update / engine.Delete
// over engine.DML.
internal sealed class Dml(string kind, RoutingParams routing, string query, string table) : IPrimitive, INeedsTransaction
{
    public RoutingParams Routing { get; } = routing;

    public DmlOwnedVindexes? OwnedVindexes { get; init; }

    public bool NeedsTransaction => OwnedVindexes is not null;

    public async ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        if (Routing.Opcode == RouteOpcode.None)
        {
            return new Result();
        }

        var shards = await Routing.ResolveAsync(cursor, bindVariables, cancellationToken).ConfigureAwait(false);
        var wrote = false;
        if (OwnedVindexes is not null && shards.Count > 0)
        {
            wrote = await OwnedVindexes.ApplyAsync(kind == "Delete", Routing.Keyspace, shards, cursor, bindVariables, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<Result> results;
        try
        {
            results = await cursor.ExecuteMultiShardAsync(Routing.Keyspace, [.. shards.Select(s => (s.Shard, new BoundQuery(query, s.BindVariables)))], isDml: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (wrote)
        {
            throw PartialDmlException.Wrap(e);
        }

        return new Result { RowsAffected = (ulong)results.Sum(r => (long)r.RowsAffected) };
    }

    public JsonObject Describe()
    {
        var o = new JsonObject { ["OperatorType"] = kind };
        Routing.DescribeInto(o);
        OwnedVindexes?.DescribeInto(o);
        o["Query"] = query;
        o["Table"] = table;
        return o;
    }
}
