using Prometheus;
using Tessera.Tablet.QueryService;

namespace Tessera.Tablet;

// Prometheus metrics of one tablet, in its own registry (several tablets may share a process in
// tests). Names follow Vitess's vttablet_* exports where there is one.
internal sealed class TabletMetrics
{
    private readonly Histogram queryLatency;
    private readonly Counter queries;

    public TabletMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        queries = factory.CreateCounter("vttablet_queries_total", "Queries by plan type and table.", "plan", "table");
        queryLatency = factory.CreateHistogram("vttablet_query_seconds", "Query latency by plan type.",
            new HistogramConfiguration { LabelNames = ["plan"], Buckets = Histogram.ExponentialBuckets(0.0001, 4, 10) });
        Errors = factory.CreateCounter("vttablet_errors_total", "Requests answered with an error.");
        Commits = factory.CreateCounter("vttablet_commits_total", "Transactions committed.");
        Rollbacks = factory.CreateCounter("vttablet_rollbacks_total", "Transactions rolled back.");
        TransactionsKilled = factory.CreateCounter("vttablet_transactions_killed_total", "Transactions killed by the transaction timeout.");
        PoolInUse = factory.CreateGauge("vttablet_pool_in_use", "Connections lent, by pool.", "pool");
        PoolWaits = factory.CreateGauge("vttablet_pool_wait_count", "Borrowers that had to wait, by pool.", "pool");
        PoolTimeouts = factory.CreateGauge("vttablet_pool_timeouts", "Borrowers that gave up waiting, by pool.", "pool");
    }

    public CollectorRegistry Registry { get; }
    public Counter Errors { get; }
    public Counter Commits { get; }
    public Counter Rollbacks { get; }
    public Counter TransactionsKilled { get; }
    public Gauge PoolInUse { get; }
    public Gauge PoolWaits { get; }
    public Gauge PoolTimeouts { get; }

    public void Observe(QueryPlan plan, TimeSpan elapsed)
    {
        var type = plan.Type.ToString();
        queries.WithLabels(type, plan.Tables.Count > 0 ? plan.Tables[0] : "").Inc();
        queryLatency.WithLabels(type).Observe(elapsed.TotalSeconds);
    }
}
