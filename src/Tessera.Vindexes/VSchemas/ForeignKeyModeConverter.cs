using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tessera.Vindexes.VSchemas;

// vschema.Keyspace.ForeignKeyMode is a proto enum: protojson accepts its name or its number and
// writes the name; "unspecified" (0) is the default and is left out.
internal sealed class ForeignKeyModeConverter : JsonConverter<string?>
{
    private static readonly string[] Names = ["unspecified", "disallow", "unmanaged", "managed"];

    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? name = reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt32(out int n) && n >= 0 && n < Names.Length => Names[n],
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new JsonException("foreign_key_mode must be one of unspecified, disallow, unmanaged, managed or 0-3"),
        };
        if (name is not null && !Names.Contains(name))
        {
            throw new JsonException($"unknown foreign_key_mode '{name}' (unspecified, disallow, unmanaged, managed)");
        }

        return name == "unspecified" ? null : name;
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value ?? "unspecified");
    }
}
