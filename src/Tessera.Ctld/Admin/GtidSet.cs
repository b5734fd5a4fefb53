using System.Globalization;

namespace Tessera.Ctld.Admin;

// A MariaDB GTID position as the tablets report it: per replication domain, the server id and
// sequence number of the last transaction ("0-100-42,1-200-7"; https://mariadb.com/kb/en/gtid/).
// Sequence numbers only grow within a domain, so one position is at least as advanced as another
// when it is so in every domain; that is how reparents pick the most caught-up replica.
internal sealed class GtidSet
{
    private readonly SortedDictionary<uint, (uint Server, ulong Sequence)> _domains;

    private GtidSet(SortedDictionary<uint, (uint Server, ulong Sequence)> domains)
    {
        _domains = domains;
    }

    public static GtidSet Empty { get; } = new([]);

    public static GtidSet Parse(string position)
    {
        ArgumentNullException.ThrowIfNull(position);
        var text = position.StartsWith("MariaDB/", StringComparison.Ordinal) ? position["MariaDB/".Length..] : position;
        var domains = new SortedDictionary<uint, (uint, ulong)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('-');
            if (pieces.Length != 3
                || !uint.TryParse(pieces[0], NumberStyles.None, CultureInfo.InvariantCulture, out var domain)
                || !uint.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var server)
                || !ulong.TryParse(pieces[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
                throw new CtldException(CtldErrorCode.FailedPrecondition, $"'{position}' is not a MariaDB GTID position (domain-server-sequence[,...])");
            domains[domain] = (server, sequence);
        }
        return new GtidSet(domains);
    }

    // Every domain of other is here with at least its sequence number.
    public bool Contains(GtidSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (domain, theirs) in other._domains)
        {
            if (!_domains.TryGetValue(domain, out var ours) || ours.Sequence < theirs.Sequence)
                return false;
        }
        return true;
    }

    // Total of the sequence numbers: orders positions that neither contains (diverged domains)
    // by how much they hold, so a choice among them is at least deterministic.
    public decimal Weight => _domains.Values.Sum(d => (decimal)d.Sequence);

    public override string ToString() =>
        string.Join(',', _domains.Select(d => $"{d.Key}-{d.Value.Server}-{d.Value.Sequence}"));
}
