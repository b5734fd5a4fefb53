using System.Diagnostics;

namespace Tessera.Gate.Web;

// What one cached plan has done (Vitess: the plan's exec count, time, rows and errors on
// /debug/query_plans). Lives with the plan, so a plan dropped from the cache takes its stats along;
// the Prometheus counters (GateMetrics) outlive it.
internal sealed class PlanStats
{
    public long Executions;

    public long Errors;

    public long Rows;

    public long TotalTicks;

    // The metrics cell of this plan's (query type, plan type, keyspace), found on first use.
    public QueryMetricsCell? Cell;

    public TimeSpan TotalTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref TotalTicks));
}
