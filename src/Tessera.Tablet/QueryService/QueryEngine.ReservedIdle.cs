using System.Globalization;

namespace Tessera.Tablet.QueryService;

// The reserved-connection idle timeout: a reserved connection outside a transaction that no
// request has used for ReservedConnectionIdleTimeout is released, so a client that went away
// without Release does not hold a MariaDB connection (and its temporary tables, locks) forever.
// Transactions have their own timeout (ExpireTransaction).
internal sealed partial class QueryEngine
{
    private Timer? idleReaper;

    private void StartIdleReaper()
    {
        var timeout = config.ReservedConnectionIdleTimeout;
        if (timeout <= TimeSpan.Zero) return;
        // A quarter of the timeout, between 50 ms and 1 s: released at most 25% late.
        var period = TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 4, 50, 1000));
        idleReaper = new Timer(_ => ReleaseIdleReserved(timeout), null, period, period);
    }

    private void ReleaseIdleReserved(TimeSpan timeout)
    {
        if (active.IsEmpty) return;
        var cutoff = Environment.TickCount64 - (long)timeout.TotalMilliseconds;
        foreach (var (id, stateful) in active)
        {
            if (!stateful.Reserved || stateful.InTransaction || stateful.LastUsedTicks > cutoff) continue;
            // A request holds it right now: it is not idle.
            if (!stateful.InUse.Wait(0)) continue;
            try
            {
                if (stateful.InTransaction || stateful.LastUsedTicks > cutoff || !active.TryRemove(id, out _)) continue;
                ended[id] = string.Create(CultureInfo.InvariantCulture,
                    $"reserved connection released at {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss.fff} UTC (unused for longer than the idle timeout of {timeout.TotalMilliseconds:0} ms)");
                TrimEnded();
                Metrics.ReservedConnectionReleased();
                // Closed, not pooled: its session state must not reach another client.
                stateful.Connection.MarkBroken();
                stateful.Connection.Return();
            }
            finally
            {
                stateful.InUse.Release();
            }
        }
    }
}
