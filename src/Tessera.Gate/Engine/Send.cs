using System.Text.Json.Nodes;
using Tessera.Keys;

namespace Tessera.Gate.Engine;

// Sends the statement as written to an explicit destination: `use customer/-80` targets one shard
// directly, as in the seeds. Nothing is rewritten or merged beyond concatenation. Vitess: engine.Send.
internal sealed class Send(string keyspace, Destination destination, string query, bool isDml) : IPrimitive
{
    public async ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var resolver = await cursor.ResolverAsync(keyspace, cancellationToken).ConfigureAwait(false);
        var shards = resolver.Resolve(destination);
        var results = await cursor.ExecuteMultiShardAsync(keyspace, [.. shards.Select(s => (s, new BoundQuery(query, bindVariables)))], isDml, cancellationToken).ConfigureAwait(false);
        if (results.Count == 1)
        {
            return results[0];
        }

        var merged = new Result(results.FirstOrDefault(r => r.Fields.Count > 0)?.Fields ?? [], [.. results.SelectMany(r => r.Rows)])
        {
            RowsAffected = (ulong)results.Sum(r => (long)r.RowsAffected),
            InsertId = results.Select(r => r.InsertId).FirstOrDefault(i => i != 0),
        };
        return merged;
    }

    public JsonObject Describe() => new()
    {
        ["OperatorType"] = "Send",
        ["Keyspace"] = keyspace,
        ["TargetDestination"] = destination.ToString(),
        ["IsDML"] = isDml,
        ["Query"] = query,
    };
}
