using System.Diagnostics;
using Grpc.Net.Client;
using Tessera.Rpc.Query;
using Tessera.Tablet.Server;
using Tessera.Testing;
using static Tessera.Tablet.Tests.Rows;
using TabletType = Tessera.Rpc.Topodata.TabletType;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Tablet.Tests;

// A tablet whose MariaDB is killed (SIGKILL, as a crash or the OOM killer) and started again. The
// health interval is a minute on purpose: the tablet must notice the crash from the failing query
// and the return from its quicker polling while down, not from the periodic check.
public sealed class MariaDbCrashTests : IAsyncLifetime
{
    private static readonly Target Primary = new() { Keyspace = "crash", Shard = "0", TabletType = TabletType.Primary };
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);
    private readonly TestDataRoot root = new();
    private TabletServer tablet = null!;
    private GrpcChannel channel = null!;

    public async Task InitializeAsync()
    {
        tablet = await TabletServer.StartAsync(SoloTablet.Config(root, 210, "crash") with
        {
            HealthCheckInterval = TimeSpan.FromMinutes(1),
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

    [Fact]
    public async Task MariaDbKilled_QueriesGetAClearError_HealthSaysNotServing_AndServingResumesWhenItIsBack()
    {
        var client = new Rpc.QueryService.Query.QueryClient(channel);
        var select = new ExecuteRequest { Target = Primary, Query = Query("select 1") };
        Assert.Equal("1", Scalar(Ok(await client.ExecuteAsync(select))));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var health = client.StreamHealth(new StreamHealthRequest(), cancellationToken: cts.Token);
        Assert.True(await health.ResponseStream.MoveNext(cts.Token));
        Assert.True(health.ResponseStream.Current.Serving);

        using (var mariadbd = Process.GetProcessById(tablet.Mysqld.ProcessId!.Value)) ProcessReaper.Kill(mariadbd);

        var lost = await client.ExecuteAsync(select);
        Assert.Equal((int)VtCode.Unavailable, lost.Error.Code);
        Assert.Contains("MariaDB", lost.Error.Message, StringComparison.Ordinal);

        var down = await NextAsync(health, serving: false, cts.Token);
        Assert.Contains("MariaDB is unreachable", down.RealtimeStats.HealthError, StringComparison.Ordinal);
        // While it is down the tablet looks for it about once a second, not in a tight loop.
        var messages = 0;
        using (var window = CancellationTokenSource.CreateLinkedTokenSource(cts.Token))
        {
            window.CancelAfter(TimeSpan.FromSeconds(2.5));
            using var counting = client.StreamHealth(new StreamHealthRequest(), cancellationToken: window.Token);
            try
            {
                while (await counting.ResponseStream.MoveNext(window.Token)) messages++;
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.Cancelled)
            {
            }
        }
        Assert.InRange(messages, 1, 6);
        var refused = await client.ExecuteAsync(select);
        Assert.Equal((int)VtCode.Unavailable, refused.Error.Code);
        Assert.Contains("MariaDB unreachable", refused.Error.Message, StringComparison.Ordinal);

        await tablet.Mysqld.StartAsync(TimeSpan.FromSeconds(30));
        root.TrackRunning();
        var up = await NextAsync(health, serving: true, cts.Token);
        Assert.Equal("", up.RealtimeStats.HealthError);
        // The first query after the return already works: no dead pooled connection is handed out.
        Assert.Equal("1", Scalar(Ok(await client.ExecuteAsync(select))));
    }

    [Fact]
    public async Task MariaDbRestartedBetweenHealthChecks_ReadsRetryOnAFreshConnection()
    {
        var client = new Rpc.QueryService.Query.QueryClient(channel);
        var select = new ExecuteRequest { Target = Primary, Query = Query("select 2") };
        Assert.Equal("2", Scalar(Ok(await client.ExecuteAsync(select))));

        // Restarted faster than a health check: the pool's idle connections are all dead.
        using (var mariadbd = Process.GetProcessById(tablet.Mysqld.ProcessId!.Value)) ProcessReaper.Kill(mariadbd);
        await tablet.Mysqld.StartAsync(TimeSpan.FromSeconds(30));
        root.TrackRunning();

        Assert.Equal("2", Scalar(Ok(await client.ExecuteAsync(select))));
    }

    // The next health message with the given serving state, which must come well before the
    // minute-long periodic check.
    private static async Task<StreamHealthResponse> NextAsync(Grpc.Core.AsyncServerStreamingCall<StreamHealthResponse> health, bool serving, CancellationToken ct)
    {
        using var soon = CancellationTokenSource.CreateLinkedTokenSource(ct);
        soon.CancelAfter(Soon);
        while (true)
        {
            Assert.True(await health.ResponseStream.MoveNext(soon.Token));
            if (health.ResponseStream.Current.Serving == serving) return health.ResponseStream.Current;
        }
    }
}
