using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Keys;

namespace Tessera.Topo.Records;

// A key range as {"start": "80", "end": ""}: Vitess's KeyRange fields, but hex rather than
// protojson's base64 so the bounds read like the shard name.
internal sealed class KeyRangeJsonConverter : JsonConverter<KeyRange>
{
    public override KeyRange Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("key_range must be an object {\"start\": hex, \"end\": hex}");
        byte[] start = [], end = [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                throw new JsonException($"key_range.{name} must be a hex string");
            var hex = reader.TokenType == JsonTokenType.Null ? "" : reader.GetString() ?? "";
            byte[] bytes;
            try
            {
                bytes = Convert.FromHexString(hex);
            }
            catch (FormatException e)
            {
                throw new JsonException($"key_range.{name}: '{hex}' is not hex", e);
            }
            if (name == "start")
                start = bytes;
            else if (name == "end")
                end = bytes;
        }
        try
        {
            return KeyRange.Create(start, end);
        }
        catch (KeyFormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, KeyRange value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("start", Convert.ToHexStringLower(value.Start));
        writer.WriteString("end", Convert.ToHexStringLower(value.End));
        writer.WriteEndObject();
    }
}
