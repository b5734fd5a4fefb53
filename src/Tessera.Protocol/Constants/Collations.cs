namespace Tessera.Protocol.Constants;

/// Collation ids as sent in the handshake and in column definitions (the 'character set' field is
/// really a collation id). Values from MariaDB's information_schema.COLLATIONS.
public static class Collations
{
    public const ushort Big5ChineseCi = 1;
    public const ushort Latin1SwedishCi = 8;
    public const ushort AsciiGeneralCi = 11;
    public const ushort Utf8GeneralCi = 33;
    public const ushort Utf8mb4GeneralCi = 45;
    public const ushort Utf8mb4Bin = 46;
    public const ushort Latin1Bin = 47;
    public const ushort Binary = 63;
    public const ushort Utf8Bin = 83;
    public const ushort Utf8mb4UnicodeCi = 224;
    public const ushort Utf8mb4Unicode520Ci = 246;
    public const ushort Utf8mb40900AiCi = 255;

    private static readonly Dictionary<ushort, string> Names = new()
    {
        [Big5ChineseCi] = "big5_chinese_ci",
        [Latin1SwedishCi] = "latin1_swedish_ci",
        [AsciiGeneralCi] = "ascii_general_ci",
        [Utf8GeneralCi] = "utf8mb3_general_ci",
        [Utf8mb4GeneralCi] = "utf8mb4_general_ci",
        [Utf8mb4Bin] = "utf8mb4_bin",
        [Latin1Bin] = "latin1_bin",
        [Binary] = "binary",
        [Utf8Bin] = "utf8mb3_bin",
        [Utf8mb4UnicodeCi] = "utf8mb4_unicode_ci",
        [Utf8mb4Unicode520Ci] = "utf8mb4_unicode_520_ci",
        [Utf8mb40900AiCi] = "utf8mb4_0900_ai_ci",
    };

    public static string? NameOf(ushort id) => Names.GetValueOrDefault(id);

    public static ushort? IdOf(string name)
    {
        foreach (var (id, n) in Names)
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) return id;
        return null;
    }

    /// The character set of a collation, for SET NAMES-style reporting.
    public static string CharsetOf(ushort id) => NameOf(id) is { } name ? name[..name.IndexOf('_', StringComparison.Ordinal)] : "unknown";
}
