using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Tessera.Tablet.QueryService;

namespace Tessera.Tablet;

// Prometheus metrics of one tablet, written in the text exposition format
// (https://prometheus.io/docs/instrumenting/exposition_formats/). Kept per tablet (several
// tablets may share a process in tests); names follow Vitess's vttablet exports.
internal sealed class TabletMetrics
{
    // Upper bounds of the latency histogram, in seconds.
    private static readonly double[] Buckets = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30];

    private sealed class Latency
    {
        public readonly long[] Counts = new long[Buckets.Length + 1];
        public long SumMicros;
    }

    private readonly ConcurrentDictionary<(string Plan, string Table), StrongBox> queries = new();
    private readonly ConcurrentDictionary<string, Latency> latency = new();
    private long errors;
    private long commits;
    private long rollbacks;
    private long transactionsKilled;
    private long reservedReleased;

    private sealed class StrongBox
    {
        public long Value;
    }

    public void Error() => Interlocked.Increment(ref errors);
    public void Commit() => Interlocked.Increment(ref commits);
    public void Rollback() => Interlocked.Increment(ref rollbacks);
    public void TransactionKilled() => Interlocked.Increment(ref transactionsKilled);
    public void ReservedConnectionReleased() => Interlocked.Increment(ref reservedReleased);

    public void Observe(QueryPlan plan, TimeSpan elapsed)
    {
        var type = plan.Type.ToString();
        Interlocked.Increment(ref queries.GetOrAdd((type, plan.Tables.Count > 0 ? plan.Tables[0] : ""), _ => new StrongBox()).Value);
        var histogram = latency.GetOrAdd(type, _ => new Latency());
        var seconds = elapsed.TotalSeconds;
        var bucket = 0;
        while (bucket < Buckets.Length && seconds > Buckets[bucket]) bucket++;
        Interlocked.Increment(ref histogram.Counts[bucket]);
        Interlocked.Add(ref histogram.SumMicros, (long)(seconds * 1_000_000));
    }

    public string Render(QueryEngine engine)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append("# HELP vttablet_queries_total Queries by plan type and table.\n# TYPE vttablet_queries_total counter\n");
        foreach (var ((plan, table), count) in queries)
            text.Append(c, $"vttablet_queries_total{{plan=\"{plan}\",table=\"{Escape(table)}\"}} {Interlocked.Read(ref count.Value)}\n");
        text.Append("# HELP vttablet_query_seconds Query latency by plan type.\n# TYPE vttablet_query_seconds histogram\n");
        foreach (var (plan, histogram) in latency)
        {
            long cumulative = 0;
            for (var i = 0; i < Buckets.Length; i++)
            {
                cumulative += Interlocked.Read(ref histogram.Counts[i]);
                text.Append(c, $"vttablet_query_seconds_bucket{{plan=\"{plan}\",le=\"{Buckets[i]}\"}} {cumulative}\n");
            }
            cumulative += Interlocked.Read(ref histogram.Counts[^1]);
            text.Append(c, $"vttablet_query_seconds_bucket{{plan=\"{plan}\",le=\"+Inf\"}} {cumulative}\n");
            text.Append(c, $"vttablet_query_seconds_sum{{plan=\"{plan}\"}} {Interlocked.Read(ref histogram.SumMicros) / 1e6}\n");
            text.Append(c, $"vttablet_query_seconds_count{{plan=\"{plan}\"}} {cumulative}\n");
        }
        Counter(text, "vttablet_errors_total", "Requests answered with an error.", errors);
        Counter(text, "vttablet_consolidations_total", "Reads that waited for an identical read already running.", engine.Consolidations);
        Counter(text, "vttablet_commits_total", "Transactions committed.", commits);
        Counter(text, "vttablet_rollbacks_total", "Transactions rolled back.", rollbacks);
        Counter(text, "vttablet_transactions_killed_total", "Transactions killed by the transaction timeout.", transactionsKilled);
        Counter(text, "vttablet_reserved_connections_idle_released_total", "Reserved connections released by the idle timeout.", reservedReleased);
        text.Append("# HELP vttablet_pool_in_use Connections lent, by pool.\n# TYPE vttablet_pool_in_use gauge\n");
        foreach (var pool in engine.Pools) text.Append(c, $"vttablet_pool_in_use{{pool=\"{pool.Name}\"}} {pool.InUse}\n");
        text.Append("# HELP vttablet_pool_capacity Pool sizes.\n# TYPE vttablet_pool_capacity gauge\n");
        foreach (var pool in engine.Pools) text.Append(c, $"vttablet_pool_capacity{{pool=\"{pool.Name}\"}} {pool.Capacity}\n");
        text.Append("# HELP vttablet_pool_waits_total Borrowers that had to wait, by pool.\n# TYPE vttablet_pool_waits_total counter\n");
        foreach (var pool in engine.Pools) text.Append(c, $"vttablet_pool_waits_total{{pool=\"{pool.Name}\"}} {pool.WaitCount}\n");
        text.Append("# HELP vttablet_pool_timeouts_total Borrowers that gave up waiting, by pool.\n# TYPE vttablet_pool_timeouts_total counter\n");
        foreach (var pool in engine.Pools) text.Append(c, $"vttablet_pool_timeouts_total{{pool=\"{pool.Name}\"}} {pool.Timeouts}\n");
        return text.ToString();
    }

    private static void Counter(StringBuilder text, string name, string help, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");

    private static string Escape(string label) => label.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
