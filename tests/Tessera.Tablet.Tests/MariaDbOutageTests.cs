using Grpc.Net.Client;
using Tessera.Rpc.Query;
using Tessera.Tablet.Server;
using Tessera.Testing;
using static Tessera.Tablet.Tests.Rows;
using TabletType = Tessera.Rpc.Topodata.TabletType;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Tablet.Tests;

// One tablet whose MariaDB is stopped and started under it.
public sealed class MariaDbOutageTests : IAsyncLifetime
{
    private readonly TestDataRoot root = new();
    private TabletServer tablet = null!;
    private GrpcChannel channel = null!;

    public async Task InitializeAsync()
    {
        tablet = await TabletServer.StartAsync(SoloTablet.Config(root, 200, "outage") with
        {
            HealthCheckInterval = TimeSpan.FromMilliseconds(200),
            MaxResultSize = 5,
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

    private static readonly Target Primary = new() { Keyspace = "outage", Shard = "0", TabletType = TabletType.Primary };

    [Fact]
    public async Task MariaDbDown_IsNotServing_AndServesAgainWhenBack()
    {
        var client = new Rpc.QueryService.Query.QueryClient(channel);
        Assert.Equal("1", Scalar(Ok(await client.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query("select 1") }))));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var health = client.StreamHealth(new StreamHealthRequest(), cancellationToken: cts.Token);

        await tablet.Mysqld.ShutdownAsync(TimeSpan.FromSeconds(30));
        StreamHealthResponse down;
        do
        {
            Assert.True(await health.ResponseStream.MoveNext(cts.Token));
            down = health.ResponseStream.Current;
        } while (down.Serving);
        Assert.Contains("MariaDB is unreachable", down.RealtimeStats.HealthError, StringComparison.Ordinal);
        var refused = await client.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query("select 1") });
        Assert.Equal((int)VtCode.Unavailable, refused.Error.Code);

        await tablet.Mysqld.StartAsync(TimeSpan.FromSeconds(30));
        root.TrackRunning();
        StreamHealthResponse up;
        do
        {
            Assert.True(await health.ResponseStream.MoveNext(cts.Token));
            up = health.ResponseStream.Current;
        } while (!up.Serving);
        Assert.Equal("", up.RealtimeStats.HealthError);
        Assert.Equal("1", Scalar(Ok(await client.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query("select 1") }))));
    }

    [Fact]
    public async Task MoreRowsThanMaxResultSize_FailsTheQuery_AndTheTabletKeepsServing()
    {
        var client = new Rpc.QueryService.Query.QueryClient(channel);
        var tooMany = await client.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query("select seq from seq_1_to_10") });
        Assert.Contains("row count exceeded 5", tooMany.Error.Message, StringComparison.Ordinal);
        Assert.Equal(5, Ok(await client.ExecuteAsync(new ExecuteRequest { Target = Primary, Query = Query("select seq from seq_1_to_5") })).Rows.Count);
        // Streaming is not limited, as in Vitess.
        using var stream = client.StreamExecute(new StreamExecuteRequest { Target = Primary, Query = Query("select seq from seq_1_to_10") });
        var rows = 0;
        while (await stream.ResponseStream.MoveNext(CancellationToken.None)) rows += stream.ResponseStream.Current.Result.Rows.Count;
        Assert.Equal(10, rows);
    }
}
