using System.Globalization;

namespace Tessera.Tablet.TabletManager;

// A MariaDB GTID position: per replication domain, the last server id and sequence number
// ("0-100-42,1-200-7"; https://mariadb.com/kb/en/gtid/). Within a domain sequence numbers only
// grow, so "has reached" is a per-domain comparison of sequence numbers.
internal static class GtidPosition
{
    public static Dictionary<uint, (uint Server, ulong Sequence)> Parse(string position)
    {
        var result = new Dictionary<uint, (uint, ulong)>();
        var text = position.StartsWith("MariaDB/", StringComparison.Ordinal) ? position["MariaDB/".Length..] : position;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('-');
            if (pieces.Length != 3
                || !uint.TryParse(pieces[0], NumberStyles.None, CultureInfo.InvariantCulture, out var domain)
                || !uint.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var server)
                || !ulong.TryParse(pieces[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
                throw TabletErrors.BadBindVariable($"'{position}' is not a MariaDB GTID position (domain-server-sequence[,...])");
            result[domain] = (server, sequence);
        }
        return result;
    }

    public static bool Contains(Dictionary<uint, (uint Server, ulong Sequence)> current, Dictionary<uint, (uint Server, ulong Sequence)> wanted)
    {
        foreach (var (domain, want) in wanted)
            if (!current.TryGetValue(domain, out var have) || have.Sequence < want.Sequence) return false;
        return true;
    }

    public static string Format(Dictionary<uint, (uint Server, ulong Sequence)> position) =>
        string.Join(',', position.OrderBy(p => p.Key).Select(p => $"{p.Key}-{p.Value.Server}-{p.Value.Sequence}"));
}
