using Tessera.Protocol.Constants;
using Tessera.Protocol.Payloads;
using VType = Tessera.Rpc.Query.Type;

namespace Tessera.Tablet.QueryService;

// MySQL column type + flags + charset → the query.Type the RPC carries (Vitess's
// sqltypes.MySQLToType): binary charset (63) tells BLOB from TEXT and VARBINARY from VARCHAR.
internal static class FieldTypes
{
    private const ushort BinaryCharset = 63;

    public static VType ToType(ColumnDefinition column)
    {
        var unsigned = column.IsUnsigned;
        var binary = column.CharacterSet == BinaryCharset;
        return column.Type switch
        {
            ColumnType.Tiny => unsigned ? VType.Uint8 : VType.Int8,
            ColumnType.Short => unsigned ? VType.Uint16 : VType.Int16,
            ColumnType.Int24 => unsigned ? VType.Uint24 : VType.Int24,
            ColumnType.Long => unsigned ? VType.Uint32 : VType.Int32,
            ColumnType.LongLong => unsigned ? VType.Uint64 : VType.Int64,
            ColumnType.Float => VType.Float32,
            ColumnType.Double => VType.Float64,
            ColumnType.Decimal or ColumnType.NewDecimal => VType.Decimal,
            ColumnType.Timestamp or ColumnType.Timestamp2 => VType.Timestamp,
            ColumnType.Date or ColumnType.NewDate => VType.Date,
            ColumnType.Time or ColumnType.Time2 => VType.Time,
            ColumnType.DateTime or ColumnType.DateTime2 => VType.Datetime,
            ColumnType.Year => VType.Year,
            ColumnType.Bit => VType.Bit,
            ColumnType.Json => VType.Json,
            ColumnType.Geometry => VType.Geometry,
            ColumnType.Null => VType.NullType,
            ColumnType.Enum => VType.Enum,
            ColumnType.Set => VType.Set,
            _ when (column.Flags & ColumnFlags.Enum) != 0 => VType.Enum,
            _ when (column.Flags & ColumnFlags.Set) != 0 => VType.Set,
            ColumnType.VarChar or ColumnType.VarString => binary ? VType.Varbinary : VType.Varchar,
            ColumnType.String => binary ? VType.Binary : VType.Char,
            ColumnType.TinyBlob or ColumnType.MediumBlob or ColumnType.LongBlob or ColumnType.Blob => binary ? VType.Blob : VType.Text,
            _ => VType.Varbinary,
        };
    }
}
