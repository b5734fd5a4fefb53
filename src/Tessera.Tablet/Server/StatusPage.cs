using System.Globalization;
using System.Net;
using System.Text;
using Tessera.Tablet.Connections;
using Tessera.Tablet.QueryService;

namespace Tessera.Tablet.Server;

// The tablet's /debug/status page (Vitess's vttablet status page, much reduced): who it is,
// whether it serves, health, pools and the last queries.
internal static class StatusPage
{
    // startNote: why the tablet started as another type than its --init-tablet-type, if it did.
    public static string Render(TabletConfig config, TabletState state, QueryEngine engine, string? startNote = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><title>tablet ").Append(config.Alias).Append("</title></head><body>");
        html.Append("<h1>Tablet ").Append(config.Alias).Append("</h1><table>");
        Row(html, "Keyspace/Shard", $"{config.Keyspace}/{config.Shard}");
        Row(html, "Database", config.DbName);
        Row(html, "Type", state.Type.ToString().ToUpperInvariant());
        if (startNote is not null) Row(html, "At start", startNote);
        Row(html, "State", state.StateName);
        Row(html, "Primary term start", state.PrimaryTermStart?.ToString("u", CultureInfo.InvariantCulture) ?? "");
        Row(html, "Replication lag (s)", state.ReplicationLagSeconds.ToString(CultureInfo.InvariantCulture));
        Row(html, "Health", state.HealthError.Length == 0 ? "healthy" : state.HealthError);
        Row(html, "Denied tables", state.DeniedTables.ToString()
            + (state.DeniedTables.Invalid.Count > 0 ? $" (invalid, ignored: {string.Join(", ", state.DeniedTables.Invalid)})" : ""));
        Row(html, "Open transactions / reserved", $"{engine.ActiveTransactionCount} / {engine.ActiveConnectionCount}");
        html.Append("</table><h2>Pools</h2><table><tr><th>pool</th><th>capacity</th><th>in use</th><th>idle</th><th>waiting</th><th>waits</th><th>wait time (ms)</th><th>timeouts</th></tr>");
        foreach (var pool in engine.Pools) PoolRow(html, pool);
        html.Append("</table><h2>Queries by plan and table</h2><table><tr><th>plan</th><th>table</th><th>count</th><th>errors</th><th>mean (ms)</th></tr>");
        foreach (var q in engine.Metrics.QueryStatsSnapshot())
        {
            html.Append("<tr><td>").Append(q.Plan).Append("</td><td>").Append(WebUtility.HtmlEncode(q.Table)).Append("</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{q.Count}</td><td>{q.Errors}</td><td>{(q.Count == 0 ? 0 : q.Time.TotalMilliseconds / q.Count):0.###}</td></tr>");
        }
        html.Append("</table><h2>Recent queries</h2><table><tr><th>started (UTC)</th><th>query</th><th>time (ms)</th><th>result</th></tr>");
        foreach (var q in engine.Recent.Snapshot())
        {
            html.Append("<tr><td>").Append(q.At.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(WebUtility.HtmlEncode(q.Sql)).Append("</td><td>");
            if (q.Done) html.Append(CultureInfo.InvariantCulture, $"{q.Elapsed.TotalMilliseconds:0.###}");
            html.Append("</td><td>").Append(!q.Done ? "running" : q.Error is { } e ? WebUtility.HtmlEncode($"error {e.Number} ({e.SqlState}): {e.Message}") : "ok")
                .Append("</td></tr>");
        }
        html.Append("</table></body></html>");
        return html.ToString();
    }

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append("<tr><td>").Append(WebUtility.HtmlEncode(name)).Append("</td><td>").Append(WebUtility.HtmlEncode(value)).Append("</td></tr>");

    private static void PoolRow(StringBuilder html, ConnectionPool pool) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><td>{pool.Name}</td><td>{pool.Capacity}</td><td>{pool.InUse}</td><td>{pool.IdleCount}</td><td>{pool.Waiting}</td><td>{pool.WaitCount}</td><td>{pool.WaitTime.TotalMilliseconds:0}</td><td>{pool.Timeouts}</td></tr>");
}
