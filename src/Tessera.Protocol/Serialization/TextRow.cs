using Tessera.Protocol.Payloads;

namespace Tessera.Protocol.Serialization;

public static class TextRow
{
    public static void Decode(ReadOnlySpan<byte> row, IReadOnlyList<ColumnDefinition> columns, Span<object?> values)
    {
        var reader = new TextRowReader(row);
        for (var i = 0; i < columns.Count; i++)
            values[i] = reader.Read(out var text) ? TextValue.Decode(columns[i], text) : null;
    }
}
