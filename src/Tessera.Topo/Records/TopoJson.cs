using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Topo.Backend;

namespace Tessera.Topo.Records;

// How records are stored: indented JSON with Vitess's snake_case proto field names, tablet
// types as "PRIMARY", key ranges as hex.
public static class TopoJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper), new KeyRangeJsonConverter() },
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    // path names the node in the error if the bytes are not a valid T.
    public static T Deserialize<T>(ReadOnlySpan<byte> data, string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(data, Options)
                ?? throw new TopoException(TopoErrorCode.BadData, path, $"bad data in {path}: null");
        }
        catch (JsonException e)
        {
            throw new TopoException(TopoErrorCode.BadData, path, $"bad data in {path}: {e.Message}", e);
        }
    }

    // Checks that raw JSON text (VSchema, routing rules) parses, so a typo fails at save time.
    internal static void CheckWellFormed(string json, string path)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new TopoException(TopoErrorCode.BadData, path, $"invalid JSON for {path}: {e.Message}", e);
        }
    }
}
