using System.Diagnostics;
using Grpc.Net.Client;
using Tessera.Rpc.Query;
using Tessera.Tablet.Server;
using Tessera.Testing;
using static Tessera.Tablet.Tests.Rows;
using TabletType = Tessera.Rpc.Topodata.TabletType;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Tablet.Tests;

// The QUERY_TIMEOUT_MS comment directive and the reserved-connection idle timeout, on one primary
// tablet with a short query timeout (2 s) and a short reserved idle timeout (1 s).
public sealed class TimeoutTests : IAsyncLifetime
{
    private static readonly Target Primary = new() { Keyspace = "timeouts", Shard = "0", TabletType = TabletType.Primary };
    private readonly TestDataRoot root = new();
    private TabletServer tablet = null!;
    private GrpcChannel channel = null!;

    private Rpc.QueryService.Query.QueryClient Client => new(channel);

    public async Task InitializeAsync()
    {
        tablet = await TabletServer.StartAsync(SoloTablet.Config(root, 220, "timeouts") with
        {
            QueryTimeout = TimeSpan.FromSeconds(2),
            ReservedConnectionIdleTimeout = TimeSpan.FromSeconds(1),
        });
        root.TrackRunning();
        channel = GrpcChannel.ForAddress($"http://127.0.0.1:{tablet.GrpcPort}");
    }

    public async Task DisposeAsync()
    {
        channel?.Dispose();
        if (tablet is not null) await tablet.StopAsync();
        await root.DisposeAsync();
    }

    private async Task<string?> ScalarAsync(string sql) =>
        Scalar(Ok(await Client.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query(sql) })));

    // How many statements MariaDB is running whose text holds `marker` (other than this probe).
    private async Task<long> RunningAsync(string marker) => long.Parse(
        (await ScalarAsync($"select count(*) from information_schema.processlist where info like '%{marker}%' and id <> connection_id()"))!,
        System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task QueryTimeoutDirective_KillsTheStatementInMariaDb_WithATimeoutError()
    {
        var marker = $"m{Guid.NewGuid():N}";
        var watch = Stopwatch.StartNew();
        var response = await Client.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query($"select /*vt+ QUERY_TIMEOUT_MS=300 */ sleep(20), '{marker}'") });
        watch.Stop();
        Assert.Equal(1317u, response.Error.MysqlErrno);
        Assert.Equal("70100", response.Error.Sqlstate);
        Assert.Contains("timeout of 300 ms", response.Error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"took {watch.Elapsed}");
        Assert.Equal(0, await RunningAsync(marker));
        Assert.Equal("1", await ScalarAsync("select 1"));
    }

    [Fact]
    public async Task QueryTimeoutDirective_CannotLengthenTheTabletsQueryTimeout()
    {
        var response = await Client.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query("select /*vt+ QUERY_TIMEOUT_MS=60000 */ sleep(20)") });
        Assert.Equal(1317u, response.Error.MysqlErrno);
        Assert.Contains("timeout of 2000 ms", response.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryTimeoutDirective_AppliesInsideATransaction()
    {
        var begin = await Client.BeginExecuteAsync(new BeginExecuteRequest { Target = Primary, Query = Query("select /*vt+ QUERY_TIMEOUT_MS=250 */ sleep(20)") });
        Assert.NotEqual(0, begin.TransactionId);
        Assert.Equal(1317u, begin.Error.MysqlErrno);
        Assert.Contains("timeout of 250 ms", begin.Error.Message, StringComparison.Ordinal);
        Assert.Null((await Client.RollbackAsync(new RollbackRequest { Target = Primary, TransactionId = begin.TransactionId })).Error);
    }

    // Every response of one StreamExecute call, the last one holding the error if it failed.
    private async Task<List<StreamExecuteResponse>> StreamAsync(string sql, long transactionId = 0)
    {
        using var call = Client.StreamExecute(new StreamExecuteRequest { Target = Primary, Query = Query(sql), TransactionId = transactionId });
        var responses = new List<StreamExecuteResponse>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None)) responses.Add(call.ResponseStream.Current);
        return responses;
    }

    [Fact]
    public async Task StreamExecute_QueryTimeoutDirective_KillsTheStatementInMariaDb_WithExecutesError()
    {
        var marker = $"m{Guid.NewGuid():N}";
        var watch = Stopwatch.StartNew();
        var responses = await StreamAsync($"select /*vt+ QUERY_TIMEOUT_MS=300 */ sleep(20), '{marker}'");
        watch.Stop();
        var error = responses[^1].Error;
        Assert.NotNull(error);
        Assert.Equal(1317u, error.MysqlErrno);
        Assert.Equal("70100", error.Sqlstate);
        Assert.Contains("timeout of 300 ms", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"took {watch.Elapsed}");
        Assert.Equal(0, await RunningAsync(marker));
        // The stream pool still serves.
        var again = await StreamAsync("select 1");
        Assert.All(again, r => Assert.Null(r.Error));
        Assert.Equal("1", again.SelectMany(r => All(r.Result)).Single()[0]);
    }

    [Fact]
    public async Task StreamExecute_QueryTimeoutDirective_AppliesInsideATransaction()
    {
        var begin = await Client.BeginAsync(new BeginRequest { Target = Primary });
        Assert.Null(begin.Error);
        var responses = await StreamAsync("select /*vt+ QUERY_TIMEOUT_MS=250 */ sleep(20)", begin.TransactionId);
        Assert.Equal(1317u, responses[^1].Error.MysqlErrno);
        Assert.Contains("timeout of 250 ms", responses[^1].Error.Message, StringComparison.Ordinal);
        Assert.Null((await Client.RollbackAsync(new RollbackRequest { Target = Primary, TransactionId = begin.TransactionId })).Error);
    }

    // Streams are for long reads: as in Vitess, the tablet's query timeout (2 s here) does not
    // bound them; only a directive or the request's own timeout does.
    [Fact]
    public async Task StreamExecute_IsNotBoundByTheTabletsQueryTimeout()
    {
        var responses = await StreamAsync("select sleep(2.5)");
        Assert.All(responses, r => Assert.Null(r.Error));
        Assert.Equal("0", responses.SelectMany(r => All(r.Result)).Single()[0]);
    }

    [Fact]
    public async Task ReservedConnection_UnusedPastTheIdleTimeout_IsReleased_AndALaterUseIsToldWhy()
    {
        var reserve = await Client.ReserveExecuteAsync(new ReserveExecuteRequest { Target = Primary, Query = Query("set @x = 42") });
        Assert.Null(reserve.Error);
        var reserved = reserve.ReservedId;
        async Task<ExecuteResponse> OnReserved(string sql) =>
            await Client.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query(sql), ReservedId = reserved });
        var connectionId = Scalar(Ok(await OnReserved("select connection_id()")));

        // Used more often than the timeout: kept, though after 7 uses 200 ms apart it is older than the timeout.
        for (var i = 0; i < 7; i++)
        {
            await Task.Delay(200); // far inside the 1 s timeout, so a loaded machine cannot stretch a gap past it
            Assert.Equal("42", Scalar(Ok(await OnReserved("select @x"))));
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var late = await OnReserved("select @x");
        Assert.NotNull(late.Error);
        Assert.Contains($"transaction {reserved}", late.Error.Message, StringComparison.Ordinal);
        Assert.Contains("idle timeout of 1000 ms", late.Error.Message, StringComparison.Ordinal);
        // Its MariaDB connection is closed, not left holding the session.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await ScalarAsync($"select count(*) from information_schema.processlist where id = {connectionId}") != "0")
        {
            Assert.True(DateTime.UtcNow < deadline, $"MariaDB connection {connectionId} is still open");
            await Task.Delay(100);
        }
        Assert.Contains("vttablet_reserved_connections_idle_released_total 1", tablet.Engine.Metrics.Render(tablet.Engine), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReservedConnection_InATransaction_IsNotReleasedByTheIdleTimeout()
    {
        var reserve = await Client.ReserveExecuteAsync(new ReserveExecuteRequest { Target = Primary, Query = Query("set @y = 7") });
        Assert.Null(reserve.Error);
        var begin = await Client.BeginAsync(new BeginRequest { Target = Primary, ReservedId = reserve.ReservedId });
        Assert.Null(begin.Error);
        await Task.Delay(TimeSpan.FromSeconds(1.8));
        var read = await Client.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query("select @y"), TransactionId = begin.TransactionId });
        Assert.Equal("7", Scalar(Ok(read)));
        Assert.Null((await Client.ReleaseAsync(new ReleaseRequest { Target = Primary, ReservedId = reserve.ReservedId })).Error);
    }
}
