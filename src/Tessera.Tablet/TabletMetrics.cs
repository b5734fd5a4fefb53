using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Tessera.Tablet.QueryService;

namespace Tessera.Tablet;

// Prometheus metrics of one tablet, written in the text exposition format
// (https://prometheus.io/docs/instrumenting/exposition_formats/). Kept per tablet (several
// tablets may share a process in tests). What they count follows vttablet's exports: queries,
// time and errors by plan type and table (QueryCounts, QueryTimesNs, QueryErrorCounts), a latency
// histogram by plan, errors by code, and the pools' waits.
internal sealed class TabletMetrics
{
    // Upper bounds of the latency histogram, in seconds.
    private static readonly double[] Buckets = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30];
    private static readonly string[] PlanNames = Enum.GetNames<PlanType>();
    private static readonly string[] CodeNames = Enum.GetValues<VtCode>().Select(c => c.ToString()).ToArray();

    // Per (plan type, first table): the hot path does one dictionary lookup and a few interlocked adds.
    internal sealed class QueryStats
    {
        public long Count;
        public long Micros;
        public long Errors;
    }

    private sealed class Latency
    {
        public readonly long[] Counts = new long[Buckets.Length + 1];
        public long SumMicros;
    }

    private readonly ConcurrentDictionary<(PlanType Plan, string Table), QueryStats> queries = new();
    private readonly Latency[] latency = [.. Enumerable.Range(0, PlanNames.Length).Select(_ => new Latency())];
    private readonly long[] errorsByCode = new long[Enum.GetValues<VtCode>().Max(c => (int)c) + 1];
    private long commits;
    private long rollbacks;
    private long transactionsKilled;
    private long reservedReleased;

    public void Error(VtCode code) => Interlocked.Increment(ref errorsByCode[(int)code]);
    public void Error() => Error(VtCode.Unknown);
    public void Commit() => Interlocked.Increment(ref commits);
    public void Rollback() => Interlocked.Increment(ref rollbacks);
    public void TransactionKilled() => Interlocked.Increment(ref transactionsKilled);
    public void ReservedConnectionReleased() => Interlocked.Increment(ref reservedReleased);

    public void Observe(QueryPlan plan, TimeSpan elapsed, bool failed = false)
    {
        var stats = queries.GetOrAdd((plan.Type, plan.Tables.Count > 0 ? plan.Tables[0] : ""), static _ => new QueryStats());
        var micros = (long)(elapsed.Ticks / (TimeSpan.TicksPerMillisecond / 1000.0));
        Interlocked.Increment(ref stats.Count);
        Interlocked.Add(ref stats.Micros, micros);
        if (failed) Interlocked.Increment(ref stats.Errors);
        var histogram = latency[(int)plan.Type];
        var seconds = elapsed.TotalSeconds;
        var bucket = 0;
        while (bucket < Buckets.Length && seconds > Buckets[bucket]) bucket++;
        Interlocked.Increment(ref histogram.Counts[bucket]);
        Interlocked.Add(ref histogram.SumMicros, micros);
    }

    // A snapshot for the status page: (plan, table) → count, total time, errors.
    public IReadOnlyList<(string Plan, string Table, long Count, TimeSpan Time, long Errors)> QueryStatsSnapshot() =>
        [.. queries.Select(q => (PlanNames[(int)q.Key.Plan], q.Key.Table, Interlocked.Read(ref q.Value.Count),
            TimeSpan.FromTicks(Interlocked.Read(ref q.Value.Micros) * 10), Interlocked.Read(ref q.Value.Errors)))
            .OrderBy(q => q.Item1, StringComparer.Ordinal).ThenBy(q => q.Table, StringComparer.Ordinal)];

    public string Render(QueryEngine engine)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        var stats = QueryStatsSnapshot();
        Header(text, "vttablet_queries_total", "counter", "Queries by plan type and (first) table.");
        foreach (var q in stats) text.Append(c, $"vttablet_queries_total{{plan=\"{q.Plan}\",table=\"{Escape(q.Table)}\"}} {q.Count}\n");
        Header(text, "vttablet_query_time_seconds_total", "counter", "Time spent answering queries, by plan type and (first) table.");
        foreach (var q in stats) text.Append(c, $"vttablet_query_time_seconds_total{{plan=\"{q.Plan}\",table=\"{Escape(q.Table)}\"}} {q.Time.TotalSeconds}\n");
        Header(text, "vttablet_query_errors_total", "counter", "Queries answered with an error, by plan type and (first) table.");
        foreach (var q in stats) text.Append(c, $"vttablet_query_errors_total{{plan=\"{q.Plan}\",table=\"{Escape(q.Table)}\"}} {q.Errors}\n");

        Header(text, "vttablet_query_seconds", "histogram", "Query latency by plan type.");
        for (var p = 0; p < PlanNames.Length; p++)
        {
            var histogram = latency[p];
            long cumulative = 0;
            for (var i = 0; i < histogram.Counts.Length; i++) cumulative += Interlocked.Read(ref histogram.Counts[i]);
            if (cumulative == 0) continue;
            cumulative = 0;
            for (var i = 0; i < Buckets.Length; i++)
            {
                cumulative += Interlocked.Read(ref histogram.Counts[i]);
                text.Append(c, $"vttablet_query_seconds_bucket{{plan=\"{PlanNames[p]}\",le=\"{Buckets[i]}\"}} {cumulative}\n");
            }
            cumulative += Interlocked.Read(ref histogram.Counts[^1]);
            text.Append(c, $"vttablet_query_seconds_bucket{{plan=\"{PlanNames[p]}\",le=\"+Inf\"}} {cumulative}\n");
            text.Append(c, $"vttablet_query_seconds_sum{{plan=\"{PlanNames[p]}\"}} {Interlocked.Read(ref histogram.SumMicros) / 1e6}\n");
            text.Append(c, $"vttablet_query_seconds_count{{plan=\"{PlanNames[p]}\"}} {cumulative}\n");
        }

        Header(text, "vttablet_errors_total", "counter", "Requests answered with an error, by Vitess error code.");
        foreach (var code in Enum.GetValues<VtCode>())
        {
            var count = Interlocked.Read(ref errorsByCode[(int)code]);
            if (count > 0) text.Append(c, $"vttablet_errors_total{{code=\"{code}\"}} {count}\n");
        }
        Counter(text, "vttablet_consolidations_total", "Reads that waited for an identical read already running.", engine.Consolidations);
        Counter(text, "vttablet_commits_total", "Transactions committed.", commits);
        Counter(text, "vttablet_rollbacks_total", "Transactions rolled back.", rollbacks);
        Counter(text, "vttablet_transactions_killed_total", "Transactions killed by the transaction timeout.", transactionsKilled);
        Counter(text, "vttablet_reserved_connections_idle_released_total", "Reserved connections released by the idle timeout.", reservedReleased);
        Gauge(text, "vttablet_transactions_open", "Transactions in progress.", engine.ActiveTransactionCount);
        Gauge(text, "vttablet_reserved_connections_open", "Transactions and reserved connections holding a connection.", engine.ActiveConnectionCount);

        PoolMetric(text, engine, "vttablet_pool_capacity", "gauge", "Pool sizes.", p => p.Capacity);
        PoolMetric(text, engine, "vttablet_pool_in_use", "gauge", "Connections lent, by pool.", p => p.InUse);
        PoolMetric(text, engine, "vttablet_pool_idle", "gauge", "Open connections waiting to be lent, by pool.", p => p.IdleCount);
        PoolMetric(text, engine, "vttablet_pool_waiting", "gauge", "Borrowers waiting now, by pool.", p => p.Waiting);
        PoolMetric(text, engine, "vttablet_pool_waits_total", "counter", "Borrowers that had to wait, by pool.", p => p.WaitCount);
        PoolMetric(text, engine, "vttablet_pool_wait_seconds_total", "counter", "Time borrowers spent waiting, by pool.", p => p.WaitTime.TotalSeconds);
        PoolMetric(text, engine, "vttablet_pool_timeouts_total", "counter", "Borrowers that gave up waiting, by pool.", p => p.Timeouts);
        return text.ToString();
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");

    private static void Counter(StringBuilder text, string name, string help, long value)
    {
        Header(text, name, "counter", help);
        text.Append(CultureInfo.InvariantCulture, $"{name} {value}\n");
    }

    private static void Gauge(StringBuilder text, string name, string help, long value)
    {
        Header(text, name, "gauge", help);
        text.Append(CultureInfo.InvariantCulture, $"{name} {value}\n");
    }

    private static void PoolMetric(StringBuilder text, QueryEngine engine, string name, string type, string help, Func<Connections.ConnectionPool, double> value)
    {
        Header(text, name, type, help);
        foreach (var pool in engine.Pools) text.Append(CultureInfo.InvariantCulture, $"{name}{{pool=\"{pool.Name}\"}} {value(pool)}\n");
    }

    private static string Escape(string label) => label.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
