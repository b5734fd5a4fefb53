using Tessera.Gate.Engine;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Payloads;
using ColumnDefinition = Tessera.Protocol.Payloads.ColumnDefinition;
using QType = Tessera.Rpc.Query.Type;

namespace Tessera.Gate.FrontEnd;

// A tablet's field (Vitess type numbers) as the MySQL column definition a client reads.
internal static class ColumnTypes
{
    public static ColumnDefinition ToColumn(Field f)
    {
        var (type, unsigned, binary) = f.Type switch
        {
            QType.Int8 => (ColumnType.Tiny, false, false),
            QType.Uint8 => (ColumnType.Tiny, true, false),
            QType.Int16 => (ColumnType.Short, false, false),
            QType.Uint16 => (ColumnType.Short, true, false),
            QType.Int24 => (ColumnType.Int24, false, false),
            QType.Uint24 => (ColumnType.Int24, true, false),
            QType.Int32 => (ColumnType.Long, false, false),
            QType.Uint32 => (ColumnType.Long, true, false),
            QType.Int64 => (ColumnType.LongLong, false, false),
            QType.Uint64 => (ColumnType.LongLong, true, false),
            QType.Float32 => (ColumnType.Float, false, false),
            QType.Float64 => (ColumnType.Double, false, false),
            QType.Decimal => (ColumnType.NewDecimal, false, false),
            QType.Timestamp => (ColumnType.Timestamp, false, false),
            QType.Date => (ColumnType.Date, false, false),
            QType.Time => (ColumnType.Time, false, false),
            QType.Datetime => (ColumnType.DateTime, false, false),
            QType.Year => (ColumnType.Year, true, false),
            QType.Text => (ColumnType.Blob, false, false),
            QType.Blob => (ColumnType.Blob, false, true),
            QType.Varbinary => (ColumnType.VarString, false, true),
            QType.Char => (ColumnType.String, false, false),
            QType.Binary => (ColumnType.String, false, true),
            QType.Bit => (ColumnType.Bit, true, true),
            QType.Enum => (ColumnType.String, false, false),
            QType.Set => (ColumnType.String, false, false),
            QType.Json => (ColumnType.Json, false, false),
            QType.Geometry => (ColumnType.Geometry, false, true),
            QType.NullType => (ColumnType.Null, false, true),
            _ => (ColumnType.VarString, false, false),
        };
        var flags = (ColumnFlags)f.Flags;
        if (unsigned)
        {
            flags |= ColumnFlags.Unsigned;
        }

        if (binary)
        {
            flags |= ColumnFlags.Binary;
        }

        return new ColumnDefinition
        {
            Name = f.Name,
            OrgName = f.OrgName,
            Table = f.Table,
            OrgTable = f.OrgTable,
            Schema = f.Database,
            Type = type,
            Flags = flags,
            CharacterSet = f.Charset != 0 ? (ushort)f.Charset : binary ? Collations.Binary : Collations.Utf8mb4GeneralCi,
            ColumnLength = f.ColumnLength,
            Decimals = (byte)f.Decimals,
        };
    }
}
