using System.Globalization;
using System.Text.RegularExpressions;
using MySqlConnector;

namespace Tessera.Gate.Tests.EndToEnd;

// The gate's web port: /metrics in the Prometheus text format (queries and latency by plan type
// and keyspace, errors, plan cache, tablet health) and the /debug/status page (tablets, query
// totals, plan cache entries with their stats).
[Collection(GateClusterCollection.Name)]
public sealed partial class GateWebTests(GateCluster cluster)
{
    private static readonly HttpClient Http = new();

    private Task<string> GetAsync(string path) => Http.GetStringAsync(new Uri($"http://127.0.0.1:{cluster.Gate.WebPort}{path}"));

    private static long Sample(string metrics, string nameAndLabels)
    {
        var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith(nameAndLabels + " ", StringComparison.Ordinal));
        return line is null ? 0 : (long)double.Parse(line[(nameAndLabels.Length + 1)..], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Metrics_CountQueriesByPlanTypeAndKeyspace_ErrorsAndTabletHealth()
    {
        const string pointSelect = "vtgate_queries_total{query_type=\"SELECT\",plan_type=\"Route:EqualUnique\",keyspace=\"customer\"}";
        const string scatter = "vtgate_queries_total{query_type=\"SELECT\",plan_type=\"Aggregate:Scalar\",keyspace=\"customer\"}";
        var before = await GetAsync("/metrics");

        await using (var c = cluster.Connect("customer"))
        {
            await c.OpenAsync();
            for (var id = 1; id <= 7; id++)
            {
                await new MySqlCommand($"select c from sbtest1 where id = {id}", c).ExecuteScalarAsync();
            }

            await new MySqlCommand("select count(*) from sbtest1 where k > 3", c).ExecuteScalarAsync();
            await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("select nope from no_such_table", c).ExecuteScalarAsync());
        }

        var after = await GetAsync("/metrics");
        Assert.Equal(7, Sample(after, pointSelect) - Sample(before, pointSelect));
        Assert.Equal(1, Sample(after, scatter) - Sample(before, scatter));
        var histogramCount = pointSelect.Replace("vtgate_queries_total", "vtgate_query_seconds_count", StringComparison.Ordinal);
        Assert.Equal(Sample(after, pointSelect), Sample(after, histogramCount));
        Assert.Equal(Sample(after, pointSelect), Sample(after, histogramCount.Replace("_count{", "_bucket{", StringComparison.Ordinal).Replace("}", ",le=\"+Inf\"}", StringComparison.Ordinal)));
        Assert.True(ErrorTotal(after) > ErrorTotal(before), after);
        foreach (var alias in new[] { "zone1-0000000100", "zone1-0000000200", "zone1-0000000300", "zone1-0000000400" })
        {
            Assert.Contains($"vtgate_tablet_serving{{alias=\"{alias}\",", after, StringComparison.Ordinal);
        }

        Assert.Equal(4, after.Split('\n').Count(l => l.StartsWith("vtgate_tablet_serving{", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal)));
        Assert.True(Sample(after, "vtgate_plan_cache_entries") > 0);
    }

    [Fact]
    public async Task StatusPage_ShowsTabletsPlanCacheAndQueryStats()
    {
        await using (var c = cluster.Connect("customer"))
        {
            await c.OpenAsync();
            for (var i = 0; i < 3; i++)
            {
                await new MySqlCommand("select pad from sbtest1 where id = 42", c).ExecuteScalarAsync();
            }
        }

        var page = await GetAsync("/debug/status");
        Assert.Contains("zone1-0000000300", page, StringComparison.Ordinal);
        Assert.Contains("SERVING", page, StringComparison.Ordinal);
        // The plan's row: its normalized text, then (after target, query and plan type) its executions.
        var row = PlanRow().Match(page);
        Assert.True(row.Success, page);
        Assert.True(int.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture) >= 3, row.Value);
    }

    private static long ErrorTotal(string metrics) =>
        metrics.Split('\n').Where(l => l.StartsWith("vtgate_errors_total{", StringComparison.Ordinal)).Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    [GeneratedRegex("<td>select pad from sbtest1 where id = :[^<]*</td><td>customer[^<]*</td><td>SELECT</td><td>Route:EqualUnique</td><td>(\\d+)</td>")]
    private static partial Regex PlanRow();
}
