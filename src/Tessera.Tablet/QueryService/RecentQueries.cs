namespace Tessera.Tablet.QueryService;

// The last few queries, for the status page: a fixed ring written without locks (a reader may
// see a slot being replaced, which is fine for a debugging view).
internal sealed class RecentQueries
{
    private const int Size = 32;
    private readonly (DateTime At, string Sql)[] ring = new (DateTime, string)[Size];
    private long next;

    public void Add(string sql)
    {
        var slot = (int)((Interlocked.Increment(ref next) - 1) % Size);
        ring[slot] = (DateTime.UtcNow, sql);
    }

    public IReadOnlyList<(DateTime At, string Sql)> Snapshot() =>
        [.. ring.Where(e => e.Sql is not null).OrderByDescending(e => e.At)];
}
