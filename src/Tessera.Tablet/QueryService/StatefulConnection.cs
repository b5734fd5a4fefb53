using Tessera.Tablet.Connections;

namespace Tessera.Tablet.QueryService;

// A pooled connection pinned to a client for a while (Vitess's StatefulConnection): for a
// transaction, for a reserved session, or both (then the transaction id equals the reserved id).
// One request uses it at a time.
internal sealed class StatefulConnection(long id, PooledConnection connection)
{
    public long Id { get; } = id;
    public PooledConnection Connection { get; } = connection;
    public SemaphoreSlim InUse { get; } = new(1, 1);
    public bool InTransaction { get; set; }
    public bool Reserved { get; set; }
    public DateTime StartedUtc { get; set; } = DateTime.UtcNow;
    public Timer? TransactionTimer { get; set; }
    public string LastQuery { get; set; } = "";
    // Environment.TickCount64 when the last request let go of it (the reserved-connection idle timeout counts from here).
    public long LastUsedTicks { get; set; } = Environment.TickCount64;
}
