using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Tessera.Binlog.Positions;

/// One MariaDB GTID, "domain-server-sequence" (https://mariadb.com/kb/en/gtid/).
/// Ordering within a domain is by sequence only; the server id says who wrote it.
public readonly record struct MariaDbGtid(uint Domain, uint Server, ulong Sequence)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Domain}-{Server}-{Sequence}");

    public static MariaDbGtid Parse(string text) =>
        TryParse(text, out var gtid) ? gtid : throw new FormatException($"invalid MariaDB GTID '{text}' (expected domain-server-sequence)");

    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out MariaDbGtid gtid)
    {
        gtid = default;
        text = text.Trim();
        var first = text.IndexOf('-');
        if (first <= 0)
            return false;
        var rest = text[(first + 1)..];
        var second = rest.IndexOf('-');
        if (second <= 0)
            return false;
        if (!uint.TryParse(text[..first], NumberStyles.None, CultureInfo.InvariantCulture, out var domain) ||
            !uint.TryParse(rest[..second], NumberStyles.None, CultureInfo.InvariantCulture, out var server) ||
            !ulong.TryParse(rest[(second + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            return false;
        gtid = new MariaDbGtid(domain, server, sequence);
        return true;
    }
}
