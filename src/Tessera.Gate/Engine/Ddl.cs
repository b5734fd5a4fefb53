using System.Text.Json.Nodes;
using Tessera.Keys;

namespace Tessera.Gate.Engine;

// DDL goes to every shard of the keyspace, so all shards keep one schema.
internal sealed class Ddl(string keyspace, string query) : IPrimitive
{
    public async ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var resolver = await cursor.ResolverAsync(keyspace, cancellationToken).ConfigureAwait(false);
        var shards = resolver.Resolve(DestinationAllShards.Instance);
        await cursor.ExecuteMultiShardAsync(keyspace, [.. shards.Select(s => (s, new BoundQuery(query)))], isDml: false, cancellationToken).ConfigureAwait(false);
        return new Result();
    }

    public JsonObject Describe() => new() { ["OperatorType"] = "DDL", ["Keyspace"] = keyspace, ["Query"] = query };
}
