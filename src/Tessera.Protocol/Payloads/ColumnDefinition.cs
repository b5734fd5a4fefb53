using System.Text;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Serialization;

namespace Tessera.Protocol.Payloads;

/// Column Definition (Protocol::ColumnDefinition41,
/// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_column_definition.html).
public sealed record ColumnDefinition
{
    public string Schema { get; init; } = "";
    public string Table { get; init; } = "";
    public string OrgTable { get; init; } = "";
    public required string Name { get; init; }
    public string OrgName { get; init; } = "";
    public ushort CharacterSet { get; init; } = Collations.Utf8mb4GeneralCi;
    public uint ColumnLength { get; init; }
    public ColumnType Type { get; init; } = ColumnType.VarString;
    public ColumnFlags Flags { get; init; }
    public byte Decimals { get; init; }

    public bool IsUnsigned => (Flags & ColumnFlags.Unsigned) != 0;

    public static ColumnDefinition Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        reader.ReadLengthEncodedString(); // catalog, always "def"
        var schema = Text(reader.ReadLengthEncodedString());
        var table = Text(reader.ReadLengthEncodedString());
        var orgTable = Text(reader.ReadLengthEncodedString());
        var name = Text(reader.ReadLengthEncodedString());
        var orgName = Text(reader.ReadLengthEncodedString());
        var fixedLength = reader.ReadLengthEncodedInteger();
        if (fixedLength < 12) MySqlProtocolException.ThrowMalformed("column definition fixed fields");
        var definition = new ColumnDefinition
        {
            Schema = schema,
            Table = table,
            OrgTable = orgTable,
            Name = name,
            OrgName = orgName,
            CharacterSet = reader.ReadUInt16(),
            ColumnLength = reader.ReadUInt32(),
            Type = (ColumnType)reader.ReadByte(),
            Flags = (ColumnFlags)reader.ReadUInt16(),
            Decimals = reader.ReadByte(),
        };
        return definition;
    }

    private static string Text(ReadOnlySpan<byte> bytes) => bytes.Length == 0 ? "" : Encoding.UTF8.GetString(bytes);

    internal void Write(PacketWriter writer, bool withDefault = false)
    {
        writer.WriteLengthEncodedString("def"u8);
        writer.WriteLengthEncodedString(Schema);
        writer.WriteLengthEncodedString(Table);
        writer.WriteLengthEncodedString(OrgTable);
        writer.WriteLengthEncodedString(Name);
        writer.WriteLengthEncodedString(OrgName);
        writer.WriteByte(0x0C);
        writer.WriteUInt16(CharacterSet);
        writer.WriteUInt32(ColumnLength);
        writer.WriteByte((byte)Type);
        writer.WriteUInt16((ushort)Flags);
        writer.WriteByte(Decimals);
        writer.WriteUInt16(0);
        if (withDefault) writer.WriteByte(0xFB); // COM_FIELD_LIST: default value, NULL
    }
}
