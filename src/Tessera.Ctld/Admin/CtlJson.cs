using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Topo;
using Tessera.Topo.Records;

namespace Tessera.Ctld.Admin;

// The JSON shapes vtctldclient prints for records: a keyspace as {"name", "keyspace"}, a shard
// as {"keyspace", "name", "shard"}, a tablet as its record; fields as the topo stores them
// (Vitess snake_case names, tablet types upper-case, key ranges in hex).
public static class CtlJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Keyspace(KeyspaceInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return Write(new JsonObject { ["name"] = info.Name, ["keyspace"] = Node(info.Keyspace) });
    }

    public static string Shard(ShardInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return Write(new JsonObject { ["keyspace"] = info.Keyspace, ["name"] = info.ShardName, ["shard"] = Node(info.Shard) });
    }

    public static string Tablet(Tablet tablet) => Write(Node(tablet));

    public static string Record<T>(T value) => Write(Node(value));

    // Pretty-prints JSON text, or a JSON array of JSON texts; what the client writes to stdout.
    public static string Pretty(string json) => Write(JsonNode.Parse(json));

    public static string PrettyArray(IEnumerable<string> jsons) =>
        Write(new JsonArray([.. jsons.Select(j => JsonNode.Parse(j))]));

    public static string PrettyObject(IEnumerable<KeyValuePair<string, string>> members)
    {
        var o = new JsonObject();
        foreach (var (name, json) in members.OrderBy(m => m.Key, StringComparer.Ordinal))
            o[name] = JsonNode.Parse(json);
        return Write(o);
    }

    private static JsonNode? Node<T>(T value) => JsonSerializer.SerializeToNode(value, TopoJson.Options);

    private static string Write(JsonNode? node) => node?.ToJsonString(Indented) ?? "null";
}
