using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Tessera.Vindexes.VSchemas;

// Reads and writes VSchema JSON as Vitess does (protojson with proto field names): unknown
// fields are refused, defaults (false, 0, "", empty lists and maps) are left out on write.
public static class VSchemaJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions(indented: false);
    private static readonly JsonSerializerOptions IndentedOptions = CreateOptions(indented: true);

    public static KeyspaceVSchema ParseKeyspace(string json) => Parse<KeyspaceVSchema>(json);

    public static SrvVSchema ParseSrvVSchema(string json) => Parse<SrvVSchema>(json);

    public static RoutingRules ParseRoutingRules(string json) => Parse<RoutingRules>(json);

    public static string Write<T>(T value, bool indented = false) =>
        JsonSerializer.Serialize(value, indented ? IndentedOptions : Options);

    public static T Parse<T>(string json)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            JsonNode? node = JsonNode.Parse(json);
            ProtoJsonNames.Normalize(node);
            return node.Deserialize<T>(Options)
                ?? throw new VSchemaException(VSchemaErrorKind.Invalid, $"invalid {typeof(T).Name} JSON: null");
        }
        catch (JsonException e)
        {
            throw new VSchemaException($"invalid {typeof(T).Name} JSON: {e.Message}", e);
        }
    }

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(OmitEmptyCollections);
        return new JsonSerializerOptions
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            TypeInfoResolver = resolver,
        };
    }

    private static void OmitEmptyCollections(JsonTypeInfo info)
    {
        foreach (JsonPropertyInfo property in info.Properties)
        {
            if (property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                property.ShouldSerialize = static (_, value) => value is ICollection c ? c.Count > 0 : value is not null && ((IEnumerable)value).GetEnumerator().MoveNext();
            }
            else if (property.PropertyType == typeof(string))
            {
                property.ShouldSerialize = static (_, value) => value is string { Length: > 0 };
            }
        }
    }
}
