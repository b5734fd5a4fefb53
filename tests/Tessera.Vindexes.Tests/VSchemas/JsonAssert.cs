using System.Text.Json.Nodes;

namespace Tessera.Vindexes.Tests.VSchemas;

// Semantic JSON equality as protojson sees it: key order ignored, default values (false, 0, "",
// empty objects and arrays, null) count as absent.
internal static class JsonAssert
{
    public static void SemanticallyEqual(string expected, string actual)
    {
        JsonNode? e = Normalize(JsonNode.Parse(expected));
        JsonNode? a = Normalize(JsonNode.Parse(actual));
        Assert.True(JsonNode.DeepEquals(e, a), $"expected {e?.ToJsonString()}\nactual   {a?.ToJsonString()}");
    }

    private static JsonNode? Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var result = new JsonObject();
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    JsonNode? n = Normalize(value);
                    if (!IsDefault(n) && !(MapFields.Contains(key) && n is JsonObject { Count: 0 }))
                    {
                        result[key] = n;
                    }
                }

                return result;
            case JsonArray arr:
                return new JsonArray([.. arr.Select(Normalize)]);
            default:
                return node?.DeepClone();
        }
    }

    // Empty maps are absent maps in proto3; an empty object elsewhere (a table entry) is not.
    private static readonly HashSet<string> MapFields = ["keyspaces", "vindexes", "tables", "params"];

    private static bool IsDefault(JsonNode? n) => n switch
    {
        null => true,
        JsonValue v when v.TryGetValue(out bool b) => !b,
        JsonValue v when v.TryGetValue(out string? s) => s.Length == 0,
        JsonValue v when v.TryGetValue(out double d) => d == 0,
        JsonArray a => a.Count == 0,
        _ => false,
    };
}
