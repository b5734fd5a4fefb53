namespace Tessera.Binlog.Rows;

/// One column of a TABLE_MAP, with everything decoding needs: the binlog type, the real type
/// (ENUM/SET/CHAR hide behind String), the type metadata, and the optional metadata a primary
/// with binlog_row_metadata=FULL adds (name, signedness, collation, enum/set values).
public sealed record ColumnDefinition
{
    public required int Index { get; init; }

    /// Type byte as written in the TABLE_MAP.
    public required ColumnType BinlogType { get; init; }

    /// The type values are encoded in: String's real type (String, Enum, Set) resolved.
    public required ColumnType Type { get; init; }

    /// Raw metadata of the type (decoded per type in the properties below).
    public required ushort Metadata { get; init; }

    public bool Nullable { get; init; }

    /// Null when the primary sent no COLUMN_NAME metadata (binlog_row_metadata=MINIMAL).
    public string? Name { get; init; }

    /// From SIGNEDNESS metadata; false (signed) when absent, as MariaDB's own applier assumes.
    public bool Unsigned { get; init; }

    /// Collation id of a character, ENUM or SET column (63 = binary), 0 when unknown.
    public int Collation { get; init; }

    public IReadOnlyList<string>? EnumValues { get; init; }

    public IReadOnlyList<string>? SetValues { get; init; }

    /// GEOMETRY subtype (0 = any geometry, 1 = point, ...), when known.
    public int? GeometryType { get; init; }

    public bool IsPrimaryKey { get; init; }

    /// NEWDECIMAL precision / scale, temporal fractional digits.
    public int Precision => Type == ColumnType.NewDecimal ? Metadata >> 8 : 0;

    public int Scale => Type == ColumnType.NewDecimal ? Metadata & 0xFF : 0;

    public int FractionalDigits => Type is ColumnType.Time2 or ColumnType.DateTime2 or ColumnType.Timestamp2 ? Metadata : 0;

    /// True for types whose SIGNEDNESS bit is sent (numeric columns).
    internal static bool IsNumeric(ColumnType type) => type is
        ColumnType.Tiny or ColumnType.Short or ColumnType.Int24 or ColumnType.Long or ColumnType.LongLong or
        ColumnType.Float or ColumnType.Double or ColumnType.NewDecimal or ColumnType.Decimal;

    /// True for columns that take part in DEFAULT_CHARSET / COLUMN_CHARSET (character columns).
    internal static bool IsCharacter(ColumnType type) => type is
        ColumnType.String or ColumnType.VarChar or ColumnType.VarString or ColumnType.Blob or
        ColumnType.TinyBlob or ColumnType.MediumBlob or ColumnType.LongBlob or ColumnType.Json;

    public override string ToString() => $"{Name ?? $"@{Index + 1}"} {Type}{(Unsigned ? " unsigned" : "")}";
}
