using Tessera.Binlog.Positions;

namespace Tessera.Binlog.Events;

/// GTID_LIST_EVENT: after FORMAT_DESCRIPTION in each file, the last GTID of every domain written
/// before this file (https://mariadb.com/kb/en/gtid_list_event/).
public sealed record GtidListEvent(MariaDbGtidPosition Position, byte Flags)
{
    public static GtidListEvent Parse(ReadOnlySpan<byte> body)
    {
        var reader = new EventBodyReader(body);
        var countAndFlags = reader.ReadUInt32();
        var count = (int)(countAndFlags & 0x0FFFFFFF);
        var gtids = new List<MariaDbGtid>(count);
        for (var i = 0; i < count; i++)
        {
            var domain = reader.ReadUInt32();
            var server = reader.ReadUInt32();
            gtids.Add(new MariaDbGtid(domain, server, reader.ReadUInt64()));
        }
        // A list may name a domain more than once (one entry per server); keep the highest.
        var byDomain = new Dictionary<uint, MariaDbGtid>();
        foreach (var gtid in gtids)
        {
            if (!byDomain.TryGetValue(gtid.Domain, out var known) || gtid.Sequence > known.Sequence)
                byDomain[gtid.Domain] = gtid;
        }
        return new GtidListEvent(MariaDbGtidPosition.Of(byDomain.Values), (byte)(countAndFlags >> 28));
    }
}
