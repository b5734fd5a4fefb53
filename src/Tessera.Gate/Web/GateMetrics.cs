using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Tessera.Gate.Errors;
using Tessera.Gate.Executing;
using Tessera.Gate.Planning;
using Tessera.Protocol;

namespace Tessera.Gate.Web;

// Counters and latency histograms of one (query type, plan type, keyspace).
internal sealed class QueryMetricsCell(string queryType, string planType, string keyspace)
{
    // Upper bounds of the latency histogram, in seconds (as the tablet's).
    public static readonly double[] Buckets = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30];

    public string QueryType { get; } = queryType;

    public string PlanType { get; } = planType;

    public string Keyspace { get; } = keyspace;

    public readonly long[] Counts = new long[Buckets.Length + 1];

    public long Errors;

    public long SumTicks;

    public void Observe(long ticks, bool failed)
    {
        var seconds = (double)ticks / Stopwatch.Frequency;
        var bucket = 0;
        while (bucket < Buckets.Length && seconds > Buckets[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref Counts[bucket]);
        Interlocked.Add(ref SumTicks, ticks);
        if (failed)
        {
            Interlocked.Increment(ref Errors);
        }
    }
}

// The gate's Prometheus metrics in the text exposition format
// (https://prometheus.io/docs/instrumenting/exposition_formats/), names after Vitess's vtgate
// exports: queries and latency by query type, plan type and keyspace; errors by MySQL error
// number; plan cache size and hits; tablet health as the gateway sees it.
internal sealed class GateMetrics
{
    private readonly ConcurrentDictionary<(string QueryType, string PlanType, string Keyspace), QueryMetricsCell> _cells = new();
    private readonly ConcurrentDictionary<int, StrongBox<long>> _errors = new();

    // The plan's cell, resolved once per cached plan so an execution costs no lookup.
    public void Observe(Plan plan, string? keyspace, long startTimestamp, Engine.Result? result)
    {
        var elapsed = Stopwatch.GetTimestamp() - startTimestamp;
        var stats = plan.Stats;
        var cell = stats.Cell ??= _cells.GetOrAdd((plan.QueryType, plan.PlanType, keyspace ?? ""), k => new QueryMetricsCell(k.QueryType, k.PlanType, k.Keyspace));
        cell.Observe(elapsed, result is null);
        Interlocked.Increment(ref stats.Executions);
        Interlocked.Add(ref stats.TotalTicks, elapsed);
        if (result is null)
        {
            Interlocked.Increment(ref stats.Errors);
        }
        else
        {
            Interlocked.Add(ref stats.Rows, result.Rows.Count > 0 ? result.Rows.Count : (long)result.RowsAffected);
        }
    }

    // Counts an error a client is answered with; returns false so it can sit in an exception filter.
    public bool Error(Exception e)
    {
        var number = e switch
        {
            GateException g => g.Code.MySqlNumber,
            MySqlErrorException m => m.Error.Number,
            Sql.SqlSyntaxException => Sql.SqlSyntaxException.ErrorNumber,
            _ => 1105,
        };
        Interlocked.Increment(ref _errors.GetOrAdd(number, _ => new StrongBox<long>()).Value);
        return false;
    }

    public IEnumerable<QueryMetricsCell> Cells => _cells.Values;

    public string Render(PlanCache plans, IReadOnlyList<TabletHealthInfo> tablets)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        var cells = _cells.Values.OrderBy(x => x.Keyspace, StringComparer.Ordinal).ThenBy(x => x.QueryType, StringComparer.Ordinal).ThenBy(x => x.PlanType, StringComparer.Ordinal).ToList();
        text.Append("# HELP vtgate_queries_total Queries executed, by query type, plan type and keyspace.\n# TYPE vtgate_queries_total counter\n");
        foreach (var x in cells)
        {
            text.Append(c, $"vtgate_queries_total{{{Labels(x)}}} {x.Counts.Sum()}\n");
        }

        text.Append("# HELP vtgate_query_errors_total Queries that ended in an error, by query type, plan type and keyspace.\n# TYPE vtgate_query_errors_total counter\n");
        foreach (var x in cells)
        {
            text.Append(c, $"vtgate_query_errors_total{{{Labels(x)}}} {Interlocked.Read(ref x.Errors)}\n");
        }

        text.Append("# HELP vtgate_query_seconds Query latency in the gate, by query type, plan type and keyspace.\n# TYPE vtgate_query_seconds histogram\n");
        foreach (var x in cells)
        {
            long cumulative = 0;
            for (var i = 0; i < QueryMetricsCell.Buckets.Length; i++)
            {
                cumulative += Interlocked.Read(ref x.Counts[i]);
                text.Append(c, $"vtgate_query_seconds_bucket{{{Labels(x)},le=\"{QueryMetricsCell.Buckets[i]}\"}} {cumulative}\n");
            }

            cumulative += Interlocked.Read(ref x.Counts[^1]);
            text.Append(c, $"vtgate_query_seconds_bucket{{{Labels(x)},le=\"+Inf\"}} {cumulative}\n");
            text.Append(c, $"vtgate_query_seconds_sum{{{Labels(x)}}} {(double)Interlocked.Read(ref x.SumTicks) / Stopwatch.Frequency}\n");
            text.Append(c, $"vtgate_query_seconds_count{{{Labels(x)}}} {cumulative}\n");
        }

        text.Append("# HELP vtgate_errors_total Statements answered with an error, by MySQL error number.\n# TYPE vtgate_errors_total counter\n");
        foreach (var (number, count) in _errors.OrderBy(e => e.Key))
        {
            text.Append(c, $"vtgate_errors_total{{code=\"{number}\"}} {Interlocked.Read(ref count.Value)}\n");
        }

        text.Append(c, $"# HELP vtgate_plan_cache_entries Plans cached.\n# TYPE vtgate_plan_cache_entries gauge\nvtgate_plan_cache_entries {plans.Count}\n");
        text.Append(c, $"# HELP vtgate_plan_cache_hits_total Plan cache hits.\n# TYPE vtgate_plan_cache_hits_total counter\nvtgate_plan_cache_hits_total {Interlocked.Read(ref plans.Hits)}\n");
        text.Append(c, $"# HELP vtgate_plan_cache_misses_total Plan cache misses (plans built).\n# TYPE vtgate_plan_cache_misses_total counter\nvtgate_plan_cache_misses_total {Interlocked.Read(ref plans.Misses)}\n");
        text.Append("# HELP vtgate_tablet_serving Whether the gate sends queries to the tablet (1) or not (0).\n# TYPE vtgate_tablet_serving gauge\n");
        foreach (var t in tablets)
        {
            text.Append(c, $"vtgate_tablet_serving{{{TabletLabels(t)}}} {(t.Serving ? 1 : 0)}\n");
        }

        text.Append("# HELP vtgate_tablet_replication_lag_seconds Replication lag the tablet last reported.\n# TYPE vtgate_tablet_replication_lag_seconds gauge\n");
        foreach (var t in tablets)
        {
            text.Append(c, $"vtgate_tablet_replication_lag_seconds{{{TabletLabels(t)}}} {t.LagSeconds}\n");
        }

        return text.ToString();
    }

    private static string Labels(QueryMetricsCell x) => $"query_type=\"{Escape(x.QueryType)}\",plan_type=\"{Escape(x.PlanType)}\",keyspace=\"{Escape(x.Keyspace)}\"";

    private static string TabletLabels(TabletHealthInfo t) =>
        $"alias=\"{Escape(t.Alias)}\",keyspace=\"{Escape(t.Keyspace)}\",shard=\"{Escape(t.Shard)}\",tablet_type=\"{Escape(t.TabletType)}\"";

    private static string Escape(string label) => label.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
