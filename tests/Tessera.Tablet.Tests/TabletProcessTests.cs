using System.Globalization;
using Grpc.Net.Client;
using Tessera.Rpc.Query;
using Tessera.Testing;
using Tessera.Topo;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;
using static Tessera.Tablet.Tests.Rows;

namespace Tessera.Tablet.Tests;

// The built `tessera tablet` as a separate process, the way an operator or a script runs it.
// By design (as vttablet) the tablet leaves its MariaDB running when it stops: mysqld belongs to
// mysqlctl, and a restarted tablet attaches to it.
public sealed class TabletProcessTests : IAsyncLifetime
{
    private const uint Uid = 300;
    private readonly TestDataRoot root = new();
    private readonly int mysqlPort = FreePort.Next();
    private readonly int webPort = FreePort.Next();
    private readonly int grpcPort = FreePort.Next();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await root.DisposeAsync();

    private string TopoRoot => Path.Combine(root.Path, "topo");

    private RunningTessera StartTablet() => RunningTessera.Start(
        "tablet", "--tablet-uid", Uid.ToString(CultureInfo.InvariantCulture), "--keyspace", "proc", "--shard", "0",
        "--init-tablet-type", "replica", "--cell", "zone1",
        "--topo-implementation", "file", "--topo-global-root", TopoRoot,
        "--data-root", root.Path, "--mysql-port", mysqlPort.ToString(CultureInfo.InvariantCulture),
        "--port", webPort.ToString(CultureInfo.InvariantCulture), "--grpc-port", grpcPort.ToString(CultureInfo.InvariantCulture),
        "--queryserver-config-query-timeout", "700ms");

    [Theory]
    [InlineData("--queryserver-config-query-timeout", "soon", "is not a duration")]
    [InlineData("--queryserver_config_transaction_timeout", "10x", "is not a duration")]
    [InlineData("--queryserver-config-pool-size", "0", "must be at least 1")]
    public async Task TabletCommand_BadSetting_ExitsWithUsageError_BeforeStartingAnything(string flag, string value, string message)
    {
        var result = await TesseraProcess.RunAsync("tablet", "--tablet-uid", "301", "--keyspace", "proc", "--shard", "0",
            "--data-root", root.Path, flag, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Empty(root.RunningServers());
    }

    [Fact]
    public async Task TabletCommand_Serves_ThenDrainsAndUnregistersOnSigterm_LeavingMariaDbToMysqlctl()
    {
        Directory.CreateDirectory(TopoRoot);
        var topo = new TopoServer(TopoBackendFactory.Open("file", "", TopoRoot), "zone1");
        var alias = new TabletAlias("zone1", Uid);
        int mariadbPid;

        await using (var tablet = StartTablet())
        {
            await tablet.WaitForOutputAsync("serving proc/0 as REPLICA", TimeSpan.FromSeconds(120));
            root.TrackRunning();
            mariadbPid = Assert.Single(root.RunningServers(), s => s.Key == Uid).Value;

            var record = (await topo.GetTabletAsync(alias)).Tablet;
            Assert.Equal(Topo.Records.TabletType.Replica, record.Type);
            Assert.Equal("proc", record.Keyspace);
            Assert.Equal(grpcPort, record.PortMap["grpc"]);
            Assert.Equal(webPort, record.PortMap["web"]);
            Assert.Equal(mysqlPort, record.MysqlPort);

            using (var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}"))
            {
                var client = new Rpc.QueryService.Query.QueryClient(channel);
                var target = new Target { Keyspace = "proc", Shard = "0", TabletType = Rpc.Topodata.TabletType.Replica };
                Assert.Equal("vt_proc", Scalar(Ok(await client.ExecuteAsync(new ExecuteRequest { Target = target, Query = Query("select database()") }))));
                // The query timeout flag reached the query service.
                var slow = await client.ExecuteAsync(new ExecuteRequest { Target = target, Query = Query("select sleep(10)") });
                Assert.Contains("timeout of 700 ms", slow.Error.Message, StringComparison.Ordinal);
            }

            using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") })
            {
                var status = await http.GetStringAsync(new Uri("/debug/status", UriKind.Relative));
                Assert.Contains(alias.ToString(), status, StringComparison.Ordinal);
                Assert.Contains("select database()", status, StringComparison.Ordinal);
                var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
                Assert.Contains("vttablet_queries_total{plan=\"Select\"", metrics, StringComparison.Ordinal);
            }

            // Draining: after SIGTERM new queries are refused, while a transaction already open
            // may still finish within the grace period; then the process exits 0.
            using (var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}"))
            {
                var client = new Rpc.QueryService.Query.QueryClient(channel);
                var target = new Target { Keyspace = "proc", Shard = "0", TabletType = Rpc.Topodata.TabletType.Replica };
                var begin = await client.BeginExecuteAsync(new BeginExecuteRequest { Target = target, Query = Query("select 1") });
                Assert.Null(begin.Error);

                await tablet.TerminateAsync();
                await tablet.WaitForOutputAsync("draining", TimeSpan.FromSeconds(10));
                var refused = await client.ExecuteAsync(new ExecuteRequest { Target = target, Query = Query("select 2") });
                Assert.Contains("NOT_SERVING", refused.Error.Message, StringComparison.Ordinal);
                Assert.Null((await client.CommitAsync(new CommitRequest { Target = target, TransactionId = begin.TransactionId })).Error);
            }
            Assert.Equal(0, await tablet.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("stopped and removed from the topo", tablet.Output, StringComparison.Ordinal);
        }

        var gone = await Assert.ThrowsAsync<TopoException>(() => topo.GetTabletAsync(alias));
        Assert.Equal(TopoErrorCode.NoNode, gone.Code);
        Assert.Equal(mariadbPid, root.RunningServers()[Uid]);

        // A restarted tablet attaches to the MariaDB it left running, and registers again.
        await using (var again = StartTablet())
        {
            await again.WaitForOutputAsync("serving proc/0 as REPLICA", TimeSpan.FromSeconds(120));
            Assert.Equal(mariadbPid, root.RunningServers()[Uid]);
            Assert.Equal(Topo.Records.TabletType.Replica, (await topo.GetTabletAsync(alias)).Tablet.Type);
            await again.TerminateAsync();
            Assert.Equal(0, await again.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }
        Assert.Equal(TopoErrorCode.NoNode, (await Assert.ThrowsAsync<TopoException>(() => topo.GetTabletAsync(alias))).Code);
    }
}
