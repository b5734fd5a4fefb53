using System.Net;
using System.Text;
using Tessera.Ctld.Admin;
using Tessera.Keys;
using Tessera.Topo;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Ctld.Web;

// The web console on ctld's HTTP port: one server-rendered page with every keyspace, its shards
// (key range, serving state, primary), its tablets (type, addresses, health as each tablet
// reports it on StreamHealth) and its VSchema.
internal static class CtldConsole
{
    public static async Task<string> RenderAsync(CtldService admin, CancellationToken ct)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>tessera ctld</title>")
            .Append("<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin-bottom:1em}")
            .Append("td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}pre{background:#f4f4f4;padding:.5em}.ok{color:#060}.bad{color:#a00}</style>")
            .Append("</head><body><h1>tessera ctld</h1>");
        html.Append("<p>cells: ").Append(E(string.Join(", ", await admin.Topo.GetKnownCellsAsync(ct)))).Append("</p>");

        var keyspaces = await admin.GetKeyspacesAsync(ct);
        if (keyspaces.Count == 0)
            html.Append("<p>No keyspaces yet (tessera ctl CreateKeyspace &lt;name&gt;).</p>");
        foreach (var ks in keyspaces)
        {
            html.Append("<h2>keyspace ").Append(E(ks.Name)).Append("</h2>");
            if (ks.Keyspace.DurabilityPolicy is { } policy)
                html.Append("<p>durability policy: ").Append(E(policy)).Append("</p>");

            IReadOnlyList<ShardInfo> shards;
            try
            {
                shards = await admin.Topo.GetShardsAsync(ks.Name, ct);
            }
            catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
            {
                continue;
            }
            var served = await ServedTypesAsync(admin.Topo, ks.Name, ct);
            html.Append("<h3>shards</h3><table><tr><th>shard</th><th>key range</th><th>primary serving</th><th>served types (cell ")
                .Append(E(admin.Topo.LocalCell)).Append(")</th><th>primary</th></tr>");
            foreach (var shard in shards)
            {
                html.Append("<tr><td>").Append(E(shard.ShardName))
                    .Append("</td><td>").Append(E(Range(shard.KeyRange)))
                    .Append("</td><td>").Append(shard.IsPrimaryServing ? "yes" : "no")
                    .Append("</td><td>").Append(E(served.TryGetValue(shard.ShardName, out var types) ? string.Join(", ", types) : "not serving"))
                    .Append("</td><td>").Append(E(shard.Shard.PrimaryAlias?.ToString() ?? "")).Append("</td></tr>");
            }
            html.Append("</table>");

            var tablets = await admin.GetTabletsAsync(ks.Name, ct: ct);
            var health = await TabletHealthProbe.ProbeAllAsync(
                tablets.Select(t => (t.Tablet.Hostname, t.Tablet.PortMap.GetValueOrDefault("grpc"))), TabletHealthProbe.DefaultTimeout, ct);
            html.Append("<h3>tablets</h3><table><tr><th>alias</th><th>shard</th><th>type</th><th>host</th><th>mysql</th><th>health</th><th>status</th></tr>");
            for (var i = 0; i < tablets.Count; i++)
            {
                var tablet = tablets[i].Tablet;
                html.Append("<tr><td>").Append(E(tablet.Alias.ToString()))
                    .Append("</td><td>").Append(E(tablet.Shard))
                    .Append("</td><td>").Append(E(tablet.Type.ToString().ToLowerInvariant()))
                    .Append("</td><td>").Append(E(CtlFormat.Addr(tablet.Hostname, tablet.PortMap.GetValueOrDefault("grpc"))))
                    .Append("</td><td>").Append(E(CtlFormat.Addr(tablet.MysqlHostname, tablet.MysqlPort)))
                    .Append("</td><td class=\"").Append(health[i].IsHealthy ? "ok" : "bad").Append("\">").Append(E(health[i].Summary))
                    .Append("</td><td>").Append(tablet.PortMap.TryGetValue("web", out var web)
                        ? $"<a href=\"{E(new UriBuilder("http", tablet.Hostname, web, "/debug/status").Uri.ToString())}\">status</a>" : "")
                    .Append("</td></tr>");
            }
            html.Append("</table>");

            string vschema;
            try
            {
                vschema = await admin.GetVSchemaAsync(ks.Name, ct);
            }
            catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
            {
                vschema = "(none)";
            }
            html.Append("<h3>VSchema</h3><pre>").Append(E(vschema)).Append("</pre>");
        }
        html.Append("<p><a href=\"/debug/health\">/debug/health</a></p></body></html>");
        return html.ToString();
    }

    // Shard name -> the tablet types the cell's serving graph routes to it.
    private static async Task<Dictionary<string, List<string>>> ServedTypesAsync(TopoServer topo, string keyspace, CancellationToken ct)
    {
        var served = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        SrvKeyspace srv;
        try
        {
            srv = await topo.GetSrvKeyspaceAsync(topo.LocalCell, keyspace, ct);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
        {
            return served;
        }
        foreach (var partition in srv.Partitions)
        {
            foreach (var shard in partition.ShardReferences)
            {
                if (!served.TryGetValue(shard.Name, out var types)) served[shard.Name] = types = [];
                types.Add(partition.ServedType.ToString().ToLowerInvariant());
            }
        }
        return served;
    }

    private static string Range(KeyRange range) =>
        $"[{(range.Start.Length == 0 ? "-∞" : Convert.ToHexStringLower(range.Start))}, {(range.HasEnd ? Convert.ToHexStringLower(range.End) : "+∞")})";

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
