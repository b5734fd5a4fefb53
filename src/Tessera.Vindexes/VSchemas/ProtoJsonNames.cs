using System.Text.Json.Nodes;

namespace Tessera.Vindexes.VSchemas;

// protojson reads a field by its proto name ("column_vindexes") or its JSON name
// ("columnVindexes"), and Vitess's own tools write both. Before binding, this renames
// lowerCamelCase field names to the proto names, touching only message fields: the keys of the
// keyspaces, vindexes, tables and params maps are names chosen by the user and stay as they are.
internal static class ProtoJsonNames
{
    private static readonly HashSet<string> MapFields = ["keyspaces", "vindexes", "tables"];

    public static void Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject message:
                NormalizeMessage(message);
                break;
            case JsonArray array:
                foreach (JsonNode? item in array)
                {
                    Normalize(item);
                }

                break;
        }
    }

    private static void NormalizeMessage(JsonObject message)
    {
        foreach (string key in message.Select(p => p.Key).ToList())
        {
            string proto = ToProtoName(key);
            if (proto != key && !message.ContainsKey(proto))
            {
                JsonNode? value = message[key];
                message.Remove(key);
                message[proto] = value;
            }
        }

        foreach ((string key, JsonNode? value) in message.ToList())
        {
            if (key == "params")
            {
                continue;
            }

            if (MapFields.Contains(key) && value is JsonObject map)
            {
                foreach ((_, JsonNode? entry) in map)
                {
                    Normalize(entry);
                }
            }
            else
            {
                Normalize(value);
            }
        }
    }

    private static string ToProtoName(string name)
    {
        if (!name.Any(char.IsUpper))
        {
            return name;
        }

        var sb = new System.Text.StringBuilder(name.Length + 4);
        foreach (char c in name)
        {
            if (char.IsUpper(c))
            {
                sb.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
