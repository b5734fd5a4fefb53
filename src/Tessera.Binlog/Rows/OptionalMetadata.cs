using Tessera.Binlog.Events;

namespace Tessera.Binlog.Rows;

/// TABLE_MAP optional metadata (binlog_row_metadata=MINIMAL/FULL): TLV fields, each applying to
/// a subset of columns in order (numeric ones, character ones, enum ones, ...).
/// https://mariadb.com/kb/en/table_map_event/#optional-metadata-block
internal static class OptionalMetadata
{
    private enum Field : byte
    {
        Signedness = 1,
        DefaultCharset = 2,
        ColumnCharset = 3,
        ColumnName = 4,
        SetStrValue = 5,
        EnumStrValue = 6,
        GeometryType = 7,
        SimplePrimaryKey = 8,
        PrimaryKeyWithPrefix = 9,
        EnumAndSetDefaultCharset = 10,
        EnumAndSetColumnCharset = 11,
    }

    public static void Apply(ReadOnlySpan<byte> data, ColumnDefinition[] columns)
    {
        var reader = new EventBodyReader(data);
        // ENUM/SET member names are in the column's charset, which may come in a later field.
        var enumValues = new Dictionary<int, byte[][]>();
        var setValues = new Dictionary<int, byte[][]>();
        while (reader.Remaining > 0)
        {
            var field = (Field)reader.ReadByte();
            var length = reader.ReadPackedLength();
            var value = new EventBodyReader(reader.ReadBytes(length));
            switch (field)
            {
                case Field.Signedness:
                    ApplySignedness(value.Rest, columns);
                    break;
                case Field.DefaultCharset:
                    ApplyDefaultCharset(ref value, columns, IsCharacter);
                    break;
                case Field.ColumnCharset:
                    ApplyColumnCharset(ref value, columns, IsCharacter);
                    break;
                case Field.EnumAndSetDefaultCharset:
                    ApplyDefaultCharset(ref value, columns, IsEnumOrSet);
                    break;
                case Field.EnumAndSetColumnCharset:
                    ApplyColumnCharset(ref value, columns, IsEnumOrSet);
                    break;
                case Field.ColumnName:
                    for (var i = 0; i < columns.Length && value.Remaining > 0; i++)
                        columns[i] = columns[i] with { Name = value.ReadPackedString() };
                    break;
                case Field.EnumStrValue:
                    foreach (var i in Matching(columns, c => c.Type == ColumnType.Enum))
                        enumValues[i] = ReadStrings(ref value);
                    break;
                case Field.SetStrValue:
                    foreach (var i in Matching(columns, c => c.Type == ColumnType.Set))
                        setValues[i] = ReadStrings(ref value);
                    break;
                case Field.GeometryType:
                    foreach (var i in Matching(columns, c => c.Type == ColumnType.Geometry))
                        columns[i] = columns[i] with { GeometryType = value.ReadPackedLength() };
                    break;
                case Field.SimplePrimaryKey:
                    while (value.Remaining > 0)
                        MarkPrimaryKey(columns, value.ReadPackedLength());
                    break;
                case Field.PrimaryKeyWithPrefix:
                    while (value.Remaining > 0)
                    {
                        MarkPrimaryKey(columns, value.ReadPackedLength());
                        value.ReadPackedLength();
                    }
                    break;
                default:
                    break; // newer fields: skipped by their length
            }
        }
        foreach (var (i, names) in enumValues)
            columns[i] = columns[i] with { EnumValues = Decode(names, columns[i].Collation) };
        foreach (var (i, names) in setValues)
            columns[i] = columns[i] with { SetValues = Decode(names, columns[i].Collation) };
    }

    private static string[] Decode(byte[][] names, int collation)
    {
        var encoding = Collations.EncodingOf(collation) ?? System.Text.Encoding.UTF8;
        return [.. names.Select(name => encoding.GetString(name))];
    }

    private static bool IsCharacter(ColumnDefinition column) => ColumnDefinition.IsCharacter(column.Type) || column.Type == ColumnType.Geometry;

    private static bool IsEnumOrSet(ColumnDefinition column) => column.Type is ColumnType.Enum or ColumnType.Set;

    private static void MarkPrimaryKey(ColumnDefinition[] columns, int index)
    {
        if (index < 0 || index >= columns.Length)
            throw new BinlogException($"primary key column {index} out of range");
        columns[index] = columns[index] with { IsPrimaryKey = true };
    }

    private static List<int> Matching(ColumnDefinition[] columns, Func<ColumnDefinition, bool> predicate)
    {
        var indexes = new List<int>();
        foreach (var column in columns)
        {
            if (predicate(column))
                indexes.Add(column.Index);
        }
        return indexes;
    }

    private static void ApplySignedness(ReadOnlySpan<byte> bits, ColumnDefinition[] columns)
    {
        var n = 0;
        foreach (var i in Matching(columns, c => ColumnDefinition.IsNumeric(c.Type)))
        {
            if (n / 8 >= bits.Length)
                throw new BinlogException("SIGNEDNESS metadata shorter than the numeric columns");
            var unsigned = (bits[n / 8] & (0x80 >> (n % 8))) != 0;
            columns[i] = columns[i] with { Unsigned = unsigned };
            n++;
        }
    }

    private static void ApplyDefaultCharset(ref EventBodyReader value, ColumnDefinition[] columns, Func<ColumnDefinition, bool> predicate)
    {
        var subset = Matching(columns, predicate);
        var collation = value.ReadPackedLength();
        foreach (var i in subset)
            columns[i] = columns[i] with { Collation = collation };
        while (value.Remaining > 0)
        {
            var n = value.ReadPackedLength();
            var own = value.ReadPackedLength();
            if (n >= subset.Count)
                throw new BinlogException($"charset metadata names character column {n} of {subset.Count}");
            columns[subset[n]] = columns[subset[n]] with { Collation = own };
        }
    }

    private static void ApplyColumnCharset(ref EventBodyReader value, ColumnDefinition[] columns, Func<ColumnDefinition, bool> predicate)
    {
        foreach (var i in Matching(columns, predicate))
            columns[i] = columns[i] with { Collation = value.ReadPackedLength() };
    }

    private static byte[][] ReadStrings(ref EventBodyReader value)
    {
        var count = value.ReadPackedLength();
        var strings = new byte[count][];
        for (var i = 0; i < count; i++)
            strings[i] = value.ReadBytes(value.ReadPackedLength()).ToArray();
        return strings;
    }
}
