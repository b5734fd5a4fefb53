using System.Globalization;
using Tessera.Topo.Backend;

namespace Tessera.Topo.Records;

// A tablet's identity: its cell and a numeric uid, printed as Vitess does: zone1-0000000100.
public readonly record struct TabletAlias(string Cell, uint Uid) : IComparable<TabletAlias>
{
    public override string ToString() => $"{Cell}-{Uid.ToString("D10", CultureInfo.InvariantCulture)}";

    public static TabletAlias Parse(string alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        var dash = alias.LastIndexOf('-');
        if (dash <= 0 || !uint.TryParse(alias.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
            throw new TopoException(TopoErrorCode.BadData, alias, $"invalid tablet alias '{alias}': expected <cell>-<uid>, e.g. zone1-0000000100");
        return new TabletAlias(alias[..dash], uid);
    }

    public int CompareTo(TabletAlias other)
    {
        var c = string.CompareOrdinal(Cell, other.Cell);
        return c != 0 ? c : Uid.CompareTo(other.Uid);
    }

    public static bool operator <(TabletAlias left, TabletAlias right) => left.CompareTo(right) < 0;

    public static bool operator <=(TabletAlias left, TabletAlias right) => left.CompareTo(right) <= 0;

    public static bool operator >(TabletAlias left, TabletAlias right) => left.CompareTo(right) > 0;

    public static bool operator >=(TabletAlias left, TabletAlias right) => left.CompareTo(right) >= 0;
}
