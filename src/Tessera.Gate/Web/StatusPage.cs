using System.Globalization;
using System.Net;
using System.Text;
using Tessera.Gate.Executing;

namespace Tessera.Gate.Web;

// The gate's /debug/status page (Vitess's vtgate status page, much reduced): the tablets and
// whether queries go to them, the plan cache with each plan's executions, time, rows and errors
// (busiest first), and query totals by keyspace, query type and plan type.
internal static class StatusPage
{
    private const int MaxPlans = 200;

    public static string Render(GateOptions options, Executor executor, IReadOnlyList<TabletHealthInfo> tablets)
    {
        var c = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><title>gate ").Append(Encode(options.Cell)).Append("</title></head><body>");
        html.Append("<h1>Gate (cell ").Append(Encode(options.Cell)).Append(")</h1>");
        html.Append("<p>Version ").Append(Encode(Evaluation.SessionFuncEval.Version)).Append(", VSchema revision ").Append(executor.VSchema.Current.Revision.ToString(c)).Append("</p>");

        html.Append("<h2>Tablets</h2><table border=\"1\"><tr><th>alias</th><th>keyspace</th><th>shard</th><th>type</th><th>state</th><th>lag (s)</th><th>error</th><th>address</th></tr>");
        foreach (var t in tablets)
        {
            Row(html, t.Alias, t.Keyspace, t.Shard, t.TabletType, t.Serving ? "SERVING" : "NOT_SERVING", t.LagSeconds.ToString(c), t.Error, t.Address);
        }

        html.Append("</table><h2>Queries</h2><table border=\"1\"><tr><th>keyspace</th><th>query type</th><th>plan type</th><th>count</th><th>errors</th><th>total time (s)</th></tr>");
        foreach (var x in executor.Metrics.Cells.OrderBy(x => x.Keyspace, StringComparer.Ordinal).ThenBy(x => x.QueryType, StringComparer.Ordinal).ThenBy(x => x.PlanType, StringComparer.Ordinal))
        {
            Row(html, x.Keyspace, x.QueryType, x.PlanType, x.Counts.Sum().ToString(c), Interlocked.Read(ref x.Errors).ToString(c),
                ((double)Interlocked.Read(ref x.SumTicks) / System.Diagnostics.Stopwatch.Frequency).ToString("F6", c));
        }

        var plans = executor.Plans;
        html.Append(c, $"</table><h2>Plan cache</h2><p>{plans.Count} plans, {Interlocked.Read(ref plans.Hits)} hits, {Interlocked.Read(ref plans.Misses)} misses</p>");
        html.Append("<table border=\"1\"><tr><th>query</th><th>target</th><th>query type</th><th>plan type</th><th>executions</th><th>errors</th><th>rows</th><th>total time (s)</th><th>plan</th></tr>");
        foreach (var (key, plan) in plans.Entries.OrderByDescending(e => Interlocked.Read(ref e.Value.Stats.TotalTicks)).Take(MaxPlans))
        {
            // The key ends with keyspace|tablet type|destination|VSchema revision.
            var parts = key.Split('|');
            var target = parts.Length >= 4 ? string.Join("|", parts[^4..^1]) : "";
            var s = plan.Stats;
            Row(html, plan.Original, target, plan.QueryType, plan.PlanType, Interlocked.Read(ref s.Executions).ToString(c), Interlocked.Read(ref s.Errors).ToString(c),
                Interlocked.Read(ref s.Rows).ToString(c), s.TotalTime.TotalSeconds.ToString("F6", c), plan.Instructions.Describe().ToJsonString());
        }

        html.Append("</table></body></html>");
        return html.ToString();
    }

    private static string Encode(string s) => WebUtility.HtmlEncode(s);

    private static void Row(StringBuilder html, params string[] cells)
    {
        html.Append("<tr>");
        foreach (var cell in cells)
        {
            html.Append("<td>").Append(Encode(cell)).Append("</td>");
        }

        html.Append("</tr>");
    }
}
