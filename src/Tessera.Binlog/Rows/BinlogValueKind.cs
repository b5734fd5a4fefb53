namespace Tessera.Binlog.Rows;

public enum BinlogValueKind : byte
{
    /// The column is not in this row image (binlog_row_image=MINIMAL/NOBLOB).
    Missing = 0,
    Null,
    /// TINYINT..BIGINT, signed.
    Int64,
    /// TINYINT..BIGINT UNSIGNED, BIT.
    UInt64,
    Float,
    Double,
    /// DECIMAL: raw binary kept, formatted exactly on demand.
    Decimal,
    Year,
    Date,
    Time,
    DateTime,
    Timestamp,
    Bit,
    /// ENUM: 1-based index (0 = the '' error value).
    Enum,
    /// SET: bit mask of members.
    Set,
    /// CHAR/VARCHAR/TEXT/BLOB/BINARY (and JSON, which MariaDB stores as LONGTEXT): raw bytes plus collation.
    Bytes,
    /// GEOMETRY: MariaDB's internal form, a 4-byte SRID then WKB.
    Geometry,
}
