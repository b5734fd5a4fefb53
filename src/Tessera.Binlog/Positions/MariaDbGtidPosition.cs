using System.Collections.Immutable;

namespace Tessera.Binlog.Positions;

/// A MariaDB replication position: at most one GTID per replication domain, the last one
/// applied in that domain ("0-100-42,1-200-7", the form of @@gtid_current_pos and
/// @slave_connect_state). Immutable; Advance returns a new position.
public sealed class MariaDbGtidPosition : IReplicationPosition, IEquatable<MariaDbGtidPosition>
{
    public const string FlavorName = "MariaDB";

    public static MariaDbGtidPosition Empty { get; } = new(ImmutableArray<MariaDbGtid>.Empty);

    private MariaDbGtidPosition(ImmutableArray<MariaDbGtid> gtids) => Gtids = gtids;

    /// Sorted by domain, one per domain.
    public ImmutableArray<MariaDbGtid> Gtids { get; }

    public string Flavor => FlavorName;

    public bool IsEmpty => Gtids.IsEmpty;

    public static MariaDbGtidPosition Of(params IEnumerable<MariaDbGtid> gtids)
    {
        var byDomain = new SortedDictionary<uint, MariaDbGtid>();
        foreach (var gtid in gtids)
        {
            if (!byDomain.TryAdd(gtid.Domain, gtid))
                throw new FormatException($"two GTIDs for domain {gtid.Domain}: {byDomain[gtid.Domain]} and {gtid}");
        }
        return new MariaDbGtidPosition([.. byDomain.Values]);
    }

    /// Parses "0-1-5,1-2-3"; also accepts Vitess's "MariaDB/" prefix and an empty string.
    public static MariaDbGtidPosition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.AsSpan().Trim();
        if (body.StartsWith(FlavorName + "/", StringComparison.OrdinalIgnoreCase))
            body = body[(FlavorName.Length + 1)..];
        if (body.IsEmpty)
            return Empty;
        var gtids = new List<MariaDbGtid>();
        foreach (var range in body.Split(','))
        {
            var part = body[range];
            if (!MariaDbGtid.TryParse(part, out var gtid))
                throw new FormatException($"invalid MariaDB GTID '{part.ToString()}' in position '{text}'");
            gtids.Add(gtid);
        }
        return Of(gtids);
    }

    public MariaDbGtid? this[uint domain]
    {
        get
        {
            foreach (var gtid in Gtids)
            {
                if (gtid.Domain == domain)
                    return gtid;
            }
            return null;
        }
    }

    /// The position after applying `gtid`: its domain now ends at it.
    public MariaDbGtidPosition Advance(MariaDbGtid gtid)
    {
        if (Gtids.Length == 1 && Gtids[0].Domain == gtid.Domain)
            return new MariaDbGtidPosition([gtid]); // the common single-domain case, one small array
        var builder = Gtids.ToBuilder();
        for (var i = 0; i < builder.Count; i++)
        {
            if (builder[i].Domain == gtid.Domain)
            {
                builder[i] = gtid;
                return new MariaDbGtidPosition(builder.ToImmutable());
            }
            if (builder[i].Domain > gtid.Domain)
            {
                builder.Insert(i, gtid);
                return new MariaDbGtidPosition(builder.ToImmutable());
            }
        }
        builder.Add(gtid);
        return new MariaDbGtidPosition(builder.ToImmutable());
    }

    /// True when `gtid` is at or before this position in its domain (already applied).
    public bool Contains(MariaDbGtid gtid) => this[gtid.Domain] is { } mine && mine.Sequence >= gtid.Sequence;

    public bool AtLeast(IReplicationPosition other) => other switch
    {
        MariaDbGtidPosition mariadb => mariadb.Gtids.All(Contains),
        _ => throw new ArgumentException($"cannot compare a {Flavor} position with a {other.Flavor} position", nameof(other)),
    };

    public override string ToString() => string.Join(',', Gtids);

    public bool Equals(MariaDbGtidPosition? other) => other is not null && Gtids.SequenceEqual(other.Gtids);

    public override bool Equals(object? obj) => Equals(obj as MariaDbGtidPosition);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var gtid in Gtids)
            hash.Add(gtid);
        return hash.ToHashCode();
    }
}
