using System.Text;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Payloads;
using Tessera.Protocol.Serialization;

namespace Tessera.Protocol.Server;

/// One COM_STMT_EXECUTE parameter as sent: its type, and its bytes in the execute packet (valid
/// during the handler call). Strings (and long data) are the raw content; numbers the fixed-size
/// little-endian bytes; temporals the length byte and their parts.
public readonly struct BinaryParameter
{
    internal BinaryParameter(ColumnType type, bool isUnsigned, bool isNull, ReadOnlyMemory<byte> raw)
    {
        Type = type;
        IsUnsigned = isUnsigned;
        IsNull = isNull;
        Raw = raw;
    }

    public ColumnType Type { get; }
    public bool IsUnsigned { get; }
    public bool IsNull { get; }
    public ReadOnlyMemory<byte> Raw { get; }

    private bool IsFixedOrTemporal => Type is ColumnType.Tiny or ColumnType.Short or ColumnType.Year or ColumnType.Long or ColumnType.Int24
        or ColumnType.Float or ColumnType.LongLong or ColumnType.Double or ColumnType.Date or ColumnType.NewDate
        or ColumnType.DateTime or ColumnType.Timestamp or ColumnType.Time;

    /// The value in its text form (as a text-protocol row carries it), null for NULL.
    public string? ToText()
    {
        if (IsNull) return null;
        if (!IsFixedOrTemporal) return Encoding.UTF8.GetString(Raw.Span);
        using var writer = new PacketWriter(64);
        BinaryValue.WriteText(Type, IsUnsigned, Raw.Span, writer);
        return Encoding.ASCII.GetString(writer.Written.Span);
    }

    /// The value as a CLR object (long, ulong, double, string, byte[], DateTime, TimeSpan), null for NULL.
    public object? ToObject()
    {
        if (IsNull) return null;
        var column = new ColumnDefinition
        {
            Name = "",
            Type = Type,
            Flags = IsUnsigned ? ColumnFlags.Unsigned : ColumnFlags.None,
            CharacterSet = Type is ColumnType.Blob or ColumnType.TinyBlob or ColumnType.MediumBlob or ColumnType.LongBlob or ColumnType.Geometry
                ? Collations.Binary : Collations.Utf8mb4GeneralCi,
        };
        return IsFixedOrTemporal ? BinaryRow.DecodeValue(column, Raw.Span) : TextValue.Decode(column, Raw.Span);
    }

    public override string ToString() => ToText() ?? "NULL";
}
