namespace Tessera.Topo.Records;

// Vitess topodata.TabletType, the ones Tessera uses. Stored as "PRIMARY", "REPLICA", ...
// (as Vitess prints them); read case-insensitively.
public enum TabletType
{
    Unknown = 0,
    Primary = 1,
    Replica = 2,
    Rdonly = 3,
    Backup = 7,
    Restore = 8,
    Drained = 9,
}

// The tablet types a keyspace's serving graph lists shards for.
public static class ServedTabletTypes
{
    public static IReadOnlyList<TabletType> All { get; } = [TabletType.Primary, TabletType.Replica, TabletType.Rdonly];
}
