using System.Collections.Concurrent;
using Tessera.Tablet.Connections;

namespace Tessera.Tablet.QueryService;

// Deadlines of running statements, checked by one timer for the whole tablet (a timer per
// statement costs more than the statement on a point select). A statement still running at its
// deadline is killed in MariaDB (KILL QUERY on an admin connection), which makes its read fail
// with 1317; the registration then says it fired, so the caller reports a timeout.
internal sealed class QueryDeadlines : IDisposable
{
    private static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(25);
    private readonly ConcurrentDictionary<long, Registration> running = new();
    private readonly DbConnector db;
    private readonly Timer timer;
    private long nextId;

    public QueryDeadlines(DbConnector db)
    {
        this.db = db;
        timer = new Timer(_ => Scan(), null, Resolution, Resolution);
    }

    public Registration Register(uint connectionId, TimeSpan timeout)
    {
        var registration = new Registration(this, Interlocked.Increment(ref nextId), connectionId,
            timeout > TimeSpan.Zero ? Environment.TickCount64 + (long)timeout.TotalMilliseconds : long.MaxValue);
        if (timeout > TimeSpan.Zero) running[registration.Id] = registration;
        return registration;
    }

    private void Scan()
    {
        if (running.IsEmpty) return;
        var now = Environment.TickCount64;
        foreach (var (id, registration) in running)
        {
            if (registration.Deadline > now || !running.TryRemove(id, out _)) continue;
            registration.Fired = true;
            _ = db.KillAsync(registration.ConnectionId, queryOnly: true);
        }
    }

    public void Dispose() => timer.Dispose();

    internal sealed class Registration(QueryDeadlines owner, long id, uint connectionId, long deadline) : IDisposable
    {
        public long Id { get; } = id;
        public uint ConnectionId { get; } = connectionId;
        public long Deadline { get; } = deadline;
        public volatile bool Fired;

        // The scanner took this statement (a KILL QUERY is on its way): the connection must not be
        // lent to anyone else, or the kill could land on their statement.
        public bool Expired { get; private set; }

        public void Dispose()
        {
            if (Deadline != long.MaxValue && !owner.running.TryRemove(Id, out _)) Expired = true;
        }
    }
}
