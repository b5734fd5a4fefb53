using Tessera.Protocol;

namespace Tessera.Tablet.QueryService;

// The last few queries, for the status page (Vitess's /debug/querylog, much reduced): each is
// written when it starts, so a query still running shows, and completed in place with its time
// and error. A fixed ring written without locks: a reader may see a slot being replaced, which is
// fine for a debugging view.
internal sealed class RecentQueries
{
    private const int Size = 32;
    private readonly Entry[] ring = new Entry[Size];
    private long next;

    private struct Entry
    {
        public long Ticket;
        public DateTime At;
        public string? Sql;
        public TimeSpan Elapsed;
        public bool Done;
        public MySqlError? Error;
    }

    // Elapsed and Error are only meaningful when Done; Error is null for a success (and for a
    // call the client cancelled).
    internal readonly record struct RecentQuery(DateTime At, string Sql, bool Done, TimeSpan Elapsed, MySqlError? Error);

    // Records a query as started; the ticket completes it.
    public long Add(string sql)
    {
        var ticket = Interlocked.Increment(ref next);
        ring[(int)((ticket - 1) % Size)] = new Entry { Ticket = ticket, At = DateTime.UtcNow, Sql = sql };
        return ticket;
    }

    public void Complete(long ticket, TimeSpan elapsed, MySqlError? error)
    {
        ref var entry = ref ring[(int)((ticket - 1) % Size)];
        if (entry.Ticket != ticket) return; // already replaced by a newer query
        entry.Elapsed = elapsed;
        entry.Error = error;
        entry.Done = true;
    }

    public IReadOnlyList<RecentQuery> Snapshot() =>
        [.. ring.Where(e => e.Sql is not null).OrderByDescending(e => e.At).Select(e => new RecentQuery(e.At, e.Sql!, e.Done, e.Elapsed, e.Error))];
}
