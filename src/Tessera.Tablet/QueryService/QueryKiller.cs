using Tessera.Tablet.Connections;

namespace Tessera.Tablet.QueryService;

// Arms a timer for one statement; if it fires before the statement ends, the statement is killed
// in MariaDB (KILL QUERY on an admin connection), which makes the running read fail with 1317.
internal sealed class QueryKiller : IDisposable
{
    private readonly Timer? timer;
    private int fired;

    public QueryKiller(DbConnector db, uint connectionId, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero) return;
        timer = new Timer(_ =>
        {
            Volatile.Write(ref fired, 1);
            _ = db.KillAsync(connectionId, queryOnly: true);
        }, null, timeout, Timeout.InfiniteTimeSpan);
    }

    public bool Fired => Volatile.Read(ref fired) == 1;

    public void Dispose() => timer?.Dispose();
}
