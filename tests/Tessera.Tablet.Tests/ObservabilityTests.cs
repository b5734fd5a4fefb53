using System.Globalization;
using System.Text.RegularExpressions;
using Grpc.Net.Client;
using Tessera.Rpc.Query;
using Tessera.Tablet.Server;
using Tessera.Testing;
using static Tessera.Tablet.Tests.Rows;
using TabletType = Tessera.Rpc.Topodata.TabletType;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Tablet.Tests;

// The status page and the Prometheus metrics of one tablet, read over HTTP after a known mix of
// queries. The query pool has one connection, so two slow reads at once make one of them wait.
public sealed partial class ObservabilityTests : IAsyncLifetime
{
    private static readonly Target Primary = new() { Keyspace = "observe", Shard = "0", TabletType = TabletType.Primary };
    private readonly TestDataRoot root = new();
    private TabletServer tablet = null!;
    private GrpcChannel channel = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        tablet = await TabletServer.StartAsync(SoloTablet.Config(root, 230, "observe") with
        {
            QueryPoolSize = 1,
        });
        root.TrackRunning();
        channel = GrpcChannel.ForAddress($"http://127.0.0.1:{tablet.GrpcPort}");
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{tablet.WebPort}") };

        var client = new Rpc.QueryService.Query.QueryClient(channel);
        async Task<ExecuteResponse> Run(string sql) => await client.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query(sql) });
        Ok(await Run("create table item (id bigint primary key, name varchar(32))"));
        Ok(await Run("insert into item (id, name) values (1, 'a'), (2, 'b')"));
        for (var i = 1; i <= 3; i++) Ok(await Run($"select name from item where id = {i}"));
        Assert.Equal(1146u, (await Run("select * from no_such_table")).Error.MysqlErrno);
        Ok(await Run("select '<b>marker</b>' as m"));
        // Two slow reads (different text, so not consolidated) on a one-connection pool.
        await Task.WhenAll(Run("select sleep(0.3), 'first'"), Run("select sleep(0.3), 'second'"));
    }

    public async Task DisposeAsync()
    {
        http?.Dispose();
        channel?.Dispose();
        if (tablet is not null) await tablet.StopAsync();
        await root.DisposeAsync();
    }

    [GeneratedRegex("""^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? (-?[0-9.]+(e[+-]?[0-9]+)?|\+Inf|NaN)$""", RegexOptions.IgnoreCase)]
    private static partial Regex SampleLine();

    private async Task<Dictionary<string, double>> MetricsAsync()
    {
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#')) continue;
            Assert.Matches(SampleLine(), line);
            var space = line.LastIndexOf(' ');
            samples.Add(line[..space], double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture));
        }
        return samples;
    }

    [Fact]
    public async Task Metrics_CountQueriesTimeAndErrors_ByPlanAndTable()
    {
        var m = await MetricsAsync();
        Assert.Equal(3, m["vttablet_queries_total{plan=\"Select\",table=\"item\"}"]);
        Assert.Equal(1, m["vttablet_queries_total{plan=\"Insert\",table=\"item\"}"]);
        Assert.Equal(1, m["vttablet_queries_total{plan=\"Ddl\",table=\"item\"}"]);
        Assert.True(m["vttablet_query_time_seconds_total{plan=\"Select\",table=\"item\"}"] > 0);
        Assert.Equal(0, m["vttablet_query_errors_total{plan=\"Select\",table=\"item\"}"]);
        Assert.Equal(1, m["vttablet_query_errors_total{plan=\"Select\",table=\"no_such_table\"}"]);
        Assert.Equal(1, m["vttablet_errors_total{code=\"NotFound\"}"]);
        // The histogram by plan: every select counted once, +Inf equal to the count.
        var selects = m["vttablet_query_seconds_count{plan=\"Select\"}"];
        Assert.Equal(3 + 1 + 1 + 2, selects);
        Assert.Equal(selects, m["vttablet_query_seconds_bucket{plan=\"Select\",le=\"+Inf\"}"]);
        Assert.True(m["vttablet_query_seconds_sum{plan=\"Select\"}"] >= 0.6);
        Assert.True(m["vttablet_query_seconds_bucket{plan=\"Select\",le=\"0.1\"}"] <= selects - 2);
    }

    private static double Get(Dictionary<string, double> m, string key) => m.TryGetValue(key, out var v) ? v : 0;

    [Fact]
    public async Task StreamExecute_IsCountedByPlanAndTable_AndItsErrorsByCode()
    {
        var client = new Rpc.QueryService.Query.QueryClient(channel);
        async Task<List<StreamExecuteResponse>> Stream(string sql, Target target)
        {
            using var call = client.StreamExecute(new StreamExecuteRequest { Target = target, Query = Query(sql) });
            var responses = new List<StreamExecuteResponse>();
            while (await call.ResponseStream.MoveNext(CancellationToken.None)) responses.Add(call.ResponseStream.Current);
            return responses;
        }
        var before = await MetricsAsync();

        Assert.Equal(2, (await Stream("select name from item order by id", Primary)).Sum(r => r.Result?.Rows.Count ?? 0));
        Assert.Equal(1146u, (await Stream("select * from no_such_table", Primary))[^1].Error.MysqlErrno);
        var wrongShard = new Target { Keyspace = "observe", Shard = "-80", TabletType = TabletType.Primary };
        Assert.Contains("invalid shard", (await Stream("select name from item", wrongShard))[^1].Error.Message, StringComparison.Ordinal);

        var m = await MetricsAsync();
        double Delta(string key) => Get(m, key) - Get(before, key);
        Assert.Equal(1, Delta("vttablet_queries_total{plan=\"SelectStream\",table=\"item\"}"));
        Assert.Equal(0, Delta("vttablet_query_errors_total{plan=\"SelectStream\",table=\"item\"}"));
        Assert.Equal(1, Delta("vttablet_query_errors_total{plan=\"SelectStream\",table=\"no_such_table\"}"));
        Assert.Equal(2, Delta("vttablet_query_seconds_count{plan=\"SelectStream\"}"));
        Assert.Equal(1, Delta("vttablet_errors_total{code=\"NotFound\"}"));
        Assert.Equal(1, Delta("vttablet_errors_total{code=\"FailedPrecondition\"}"));
        // Streams are not counted as Execute's selects.
        Assert.Equal(0, Delta("vttablet_queries_total{plan=\"Select\",table=\"item\"}"));

        var page = await http.GetStringAsync(new Uri("/debug/status", UriKind.Relative));
        Assert.Matches("<tr><td>SelectStream</td><td>item</td><td>1</td><td>0</td>", page);
        Assert.Contains("select name from item order by id", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransactionCallErrors_AreCountedByCode()
    {
        var client = new Rpc.QueryService.Query.QueryClient(channel);
        var before = await MetricsAsync();

        var wrongShard = new Target { Keyspace = "observe", Shard = "-80", TabletType = TabletType.Primary };
        Assert.Contains("invalid shard", (await client.BeginAsync(new BeginRequest { Target = wrongShard })).Error.Message, StringComparison.Ordinal);
        Assert.Contains("transaction 12345", (await client.CommitAsync(new CommitRequest { Target = Primary, TransactionId = 12345 })).Error.Message, StringComparison.Ordinal);
        Assert.Contains("transaction 12346", (await client.RollbackAsync(new RollbackRequest { Target = Primary, TransactionId = 12346 })).Error.Message, StringComparison.Ordinal);
        Assert.Contains("transaction 12347", (await client.ReleaseAsync(new ReleaseRequest { Target = Primary, ReservedId = 12347 })).Error.Message, StringComparison.Ordinal);
        var batch = new ExecuteBatchRequest { Target = wrongShard, AsTransaction = true };
        batch.Queries.Add(Query("select 1"));
        Assert.Contains("invalid shard", (await client.ExecuteBatchAsync(batch)).Error.Message, StringComparison.Ordinal);
        // A successful transaction adds no error.
        var begin = await client.BeginAsync(new BeginRequest { Target = Primary });
        Assert.Null(begin.Error);
        Assert.Null((await client.CommitAsync(new CommitRequest { Target = Primary, TransactionId = begin.TransactionId })).Error);

        var m = await MetricsAsync();
        double Delta(string key) => Get(m, key) - Get(before, key);
        Assert.Equal(2, Delta("vttablet_errors_total{code=\"FailedPrecondition\"}"));
        Assert.Equal(3, Delta("vttablet_errors_total{code=\"Aborted\"}"));
        Assert.Equal(1, Delta("vttablet_commits_total"));
    }

    [Fact]
    public async Task Metrics_ReportPoolSizesUseAndWaits()
    {
        var m = await MetricsAsync();
        Assert.Equal(1, m["vttablet_pool_capacity{pool=\"query\"}"]);
        Assert.Equal(20, m["vttablet_pool_capacity{pool=\"transaction\"}"]);
        Assert.Equal(0, m["vttablet_pool_in_use{pool=\"query\"}"]);
        Assert.Equal(1, m["vttablet_pool_waits_total{pool=\"query\"}"]);
        Assert.True(m["vttablet_pool_wait_seconds_total{pool=\"query\"}"] >= 0.1);
        Assert.Equal(0, m["vttablet_pool_timeouts_total{pool=\"query\"}"]);
    }

    [Fact]
    public async Task StatusPage_ShowsAliasTypeHealthPoolsAndRecentQueries()
    {
        var page = await http.GetStringAsync(new Uri("/debug/status", UriKind.Relative));
        Assert.Contains("<h1>Tablet zone1-0000000230</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<td>Type</td><td>PRIMARY</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>State</td><td>SERVING</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>Health</td><td>healthy</td>", page, StringComparison.Ordinal);
        // pool, capacity, in use, idle, waiting, waits.
        Assert.Matches("<tr><td>query</td><td>1</td><td>0</td><td>1</td><td>0</td><td>1</td>", page);
        Assert.Contains("<tr><td>transaction</td><td>20</td>", page, StringComparison.Ordinal);
        Assert.Matches("<tr><td>Select</td><td>item</td><td>3</td><td>0</td>", page);
        Assert.Matches("<tr><td>Select</td><td>no_such_table</td><td>1</td><td>1</td>", page);
        // Recent queries, newest first, escaped.
        Assert.Contains("select name from item where id = 3", page, StringComparison.Ordinal);
        Assert.Contains("select &#39;&lt;b&gt;marker&lt;/b&gt;&#39; as m", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>marker", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf("where id = 3", StringComparison.Ordinal) < page.IndexOf("where id = 1", StringComparison.Ordinal));
        // Each with its time and outcome: MariaDB's error for the failed one.
        Assert.Matches(@"<td>select name from item where id = 3</td><td>[0-9.]+</td><td>ok</td>", page);
        Assert.Matches(@"<td>select \* from no_such_table</td><td>[0-9.]+</td><td>error 1146 \(42S02\): [^<]*no_such_table[^<]*</td>", page);
        Assert.Matches(@"<td>select sleep\(0.3\), &#39;first&#39;</td><td>(3[0-9][0-9]|[4-9][0-9][0-9])(\.[0-9]+)?</td><td>ok</td>", page);
    }

    [Fact]
    public async Task StatusPage_ShowsAQueryStillRunning()
    {
        var client = new Rpc.QueryService.Query.QueryClient(channel);
        var slow = client.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query("select sleep(1.5), 'slow-marker'") }).ResponseAsync;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        string page;
        while (!(page = await http.GetStringAsync(new Uri("/debug/status", UriKind.Relative))).Contains("slow-marker", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the running query never showed");
            await Task.Delay(50);
        }
        Assert.Matches(@"slow-marker&#39;</td><td></td><td>running</td>", page);
        Ok(await slow);
        page = await http.GetStringAsync(new Uri("/debug/status", UriKind.Relative));
        Assert.Matches(@"slow-marker&#39;</td><td>1[0-9.]+</td><td>ok</td>", page);
    }
}
