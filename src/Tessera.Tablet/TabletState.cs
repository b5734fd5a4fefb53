using Tessera.Tablet.QueryService;
using Tessera.Topo.Records;

namespace Tessera.Tablet;

// The tablet's current state as one immutable snapshot, swapped whole (Vitess's tabletserver
// state manager keeps the same facts): what it is, whether it serves, and what it must refuse.
internal sealed record TabletState
{
    public required TabletType Type { get; init; }
    // The query service accepts queries (false while starting, draining or when MariaDB is down).
    public bool Serving { get; init; }
    public bool MysqlReachable { get; init; } = true;
    public DateTimeOffset? PrimaryTermStart { get; init; }
    public DeniedTables DeniedTables { get; init; } = DeniedTables.None;
    public uint ReplicationLagSeconds { get; init; }
    // Empty when healthy; otherwise why not (MariaDB down, replication stopped …).
    public string HealthError { get; init; } = "";

    public bool IsServingNow => Serving && MysqlReachable;

    public string StateName => !Serving ? "NOT_SERVING" : MysqlReachable ? "SERVING" : "NOT_SERVING (MariaDB unreachable)";
}

// Holds the current TabletState and tells listeners when it changes (health stream, topo record).
internal sealed class TabletStateHolder(TabletState initial)
{
    private readonly Lock gate = new();
    private TabletState current = initial;

    public event Action<TabletState>? Changed;

    public TabletState Current => Volatile.Read(ref current);

    public TabletState Update(Func<TabletState, TabletState> change)
    {
        TabletState before, after;
        lock (gate)
        {
            before = current;
            after = change(before);
            Volatile.Write(ref current, after);
        }
        if (!Equals(before, after)) Changed?.Invoke(after);
        return after;
    }
}
