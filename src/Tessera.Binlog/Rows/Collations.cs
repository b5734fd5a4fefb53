using System.Text;

namespace Tessera.Binlog.Rows;

/// Collation id → .NET encoding for the character sets a Tessera shard uses
/// (ids from information_schema.COLLATIONS of MariaDB 10.11). Unknown ids give null: the caller
/// keeps the raw bytes instead of guessing.
public static class Collations
{
    public const int Binary = 63;

    private static readonly Lazy<Encoding?> Cp1252 = new(() =>
    {
        try
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(1252);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    });

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    public static Encoding? EncodingOf(int collation) => CharsetOf(collation) switch
    {
        "utf8mb4" or "utf8mb3" or "ascii" => StrictUtf8,
        "latin1" => Cp1252.Value,
        "ucs2" or "utf16" => Encoding.BigEndianUnicode,
        "utf16le" => Encoding.Unicode,
        "utf32" => new UTF32Encoding(bigEndian: true, byteOrderMark: false),
        _ => null,
    };

    /// Character set name of a collation id, or null when this table does not know it.
    public static string? CharsetOf(int collation) => collation switch
    {
        63 => "binary",
        45 or 46 or (>= 224 and <= 247) or 2304 or (>= 2305 and <= 2559) => "utf8mb4",
        33 or 83 or (>= 192 and <= 215) or 223 or (>= 2048 and <= 2303) => "utf8mb3",
        5 or 8 or 15 or 31 or 47 or 48 or 49 or 94 or 1029 or 1032 or 1071 or 1080 or 1118 or 1124 => "latin1",
        11 or 65 or 1035 or 1089 => "ascii",
        35 or 90 or (>= 128 and <= 151) or 159 => "ucs2",
        54 or 55 or (>= 101 and <= 124) => "utf16",
        56 or 62 => "utf16le",
        60 or 61 or (>= 160 and <= 183) => "utf32",
        _ => null,
    };
}
