using Grpc.Net.Client;
using Tessera.Rpc.Query;
using Tessera.Rpc.TabletManager;
using Tessera.Tablet.Server;
using Tessera.Testing;
using Tessera.Topo;
using Tessera.Topo.Records;
using static Tessera.Tablet.Tests.Rows;
using RpcTabletType = Tessera.Rpc.Topodata.TabletType;

namespace Tessera.Tablet.Tests;

// What a tablet starts as when the shard record already names a primary (vttablet's
// checkPrimaryShip): two tablets of one shard, each on its own real MariaDB, under one file topo.
public sealed class PrimaryAtStartTests : IAsyncLifetime
{
    private const string Keyspace = "claim";
    private static readonly TabletAlias A = new("zone1", 310);
    private static readonly TabletAlias B = new("zone1", 311);
    private readonly TestDataRoot root = new();
    private readonly List<TabletServer> running = [];
    private TopoServer topo = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(root.Path, "topo"));
        topo = new TopoServer(TopoBackendFactory.Open("file", "", Path.Combine(root.Path, "topo")), "zone1");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var tablet in running) await tablet.StopAsync();
        await root.DisposeAsync();
    }

    private async Task<TabletServer> StartAsync(TabletConfig config)
    {
        var tablet = await TabletServer.StartAsync(config);
        running.Add(tablet);
        root.TrackRunning();
        return tablet;
    }

    private TabletConfig Config(TabletAlias alias, Topo.Records.TabletType type) =>
        SoloTablet.Config(root, alias.Uid, Keyspace) with { InitTabletType = type };

    [Fact]
    public async Task StartedAsPrimary_WhileTheShardNamesAnother_StartsAsReplica_AndLeavesThePrimaryAlone()
    {
        var a = await StartAsync(Config(A, Topo.Records.TabletType.Primary));
        var termOfA = (await topo.GetShardAsync(Keyspace, "0")).Shard.PrimaryTermStartTime;
        Assert.Equal(A, (await topo.GetShardAsync(Keyspace, "0")).Shard.PrimaryAlias);

        var b = await StartAsync(Config(B, Topo.Records.TabletType.Primary));

        Assert.Equal(Topo.Records.TabletType.Replica, b.Type);
        Assert.Equal(Topo.Records.TabletType.Replica, (await topo.GetTabletAsync(B)).Tablet.Type);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{b.GrpcPort}");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var health = new Rpc.QueryService.Query.QueryClient(channel).StreamHealth(new StreamHealthRequest(), cancellationToken: cts.Token);
        Assert.True(await health.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(RpcTabletType.Replica, health.ResponseStream.Current.Target.TabletType);
        Assert.Equal(0, health.ResponseStream.Current.PrimaryTermStartTimestamp);
        // Its MariaDB is read-only and its query service refuses writes, as a replica's.
        var readOnly = await new Rpc.TabletManager.TabletManager.TabletManagerClient(channel).ExecuteFetchAsDbaAsync(new ExecuteFetchAsDbaRequest { Query = "select @@global.read_only" });
        Assert.Equal("1", Scalar(readOnly.Result));
        var write = await new Rpc.QueryService.Query.QueryClient(channel).ExecuteAsync(new ExecuteRequest
        {
            Target = new Target { Keyspace = Keyspace, Shard = "0", TabletType = RpcTabletType.Replica },
            Query = Query("create table t (id int primary key)"),
        });
        Assert.Contains("only the PRIMARY accepts writes", write.Error.Message, StringComparison.Ordinal);
        // Its status page says why it is not what it was started as.
        using var http = new HttpClient();
        var status = await http.GetStringAsync(new Uri($"http://127.0.0.1:{b.WebPort}/debug/status"));
        Assert.Contains("<td>Type</td><td>REPLICA</td>", status, StringComparison.Ordinal);
        Assert.Contains("started as PRIMARY, but the shard record of claim/0 names zone1-0000000310 as its primary: starting as REPLICA", status, StringComparison.Ordinal);

        // A is still the primary, in the shard record (same term), its own record and its state.
        var shard = (await topo.GetShardAsync(Keyspace, "0")).Shard;
        Assert.Equal(A, shard.PrimaryAlias);
        Assert.Equal(termOfA, shard.PrimaryTermStartTime);
        Assert.Equal(Topo.Records.TabletType.Primary, (await topo.GetTabletAsync(A)).Tablet.Type);
        Assert.Equal(Topo.Records.TabletType.Primary, a.Type);
    }

    [Fact]
    public async Task TheTabletTheShardNamesAsPrimary_StartsAsPrimary_WhateverItsInitType_KeepingItsTerm()
    {
        var a = await StartAsync(Config(A, Topo.Records.TabletType.Primary));
        var term = a.State.Current.PrimaryTermStart;
        var config = a.Config;
        await a.StopAsync();
        running.Remove(a);

        // Restarted as a replica (say, by a script that starts every tablet the same way).
        var again = await StartAsync(config with { InitTabletType = Topo.Records.TabletType.Replica });

        Assert.Equal(Topo.Records.TabletType.Primary, again.Type);
        Assert.Equal(term, again.State.Current.PrimaryTermStart);
        var record = (await topo.GetTabletAsync(A)).Tablet;
        Assert.Equal(Topo.Records.TabletType.Primary, record.Type);
        Assert.Equal(A, (await topo.GetShardAsync(Keyspace, "0")).Shard.PrimaryAlias);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{again.GrpcPort}");
        var write = await new Rpc.QueryService.Query.QueryClient(channel).ExecuteAsync(new ExecuteRequest
        {
            Target = new Target { Keyspace = Keyspace, Shard = "0", TabletType = RpcTabletType.Primary },
            Query = Query("create table t (id int primary key)"),
        });
        Assert.Null(write.Error);
    }

    [Theory]
    [InlineData(null, "PRIMARY", "PRIMARY", false)]
    [InlineData(null, "REPLICA", "REPLICA", false)]
    [InlineData(310u, "REPLICA", "PRIMARY", true)]
    [InlineData(310u, "PRIMARY", "PRIMARY", false)]
    [InlineData(311u, "PRIMARY", "REPLICA", true)]
    [InlineData(311u, "RDONLY", "RDONLY", false)]
    public void StartType_FollowsTheShardRecord(uint? namedUid, string initType, string startsAs, bool explained)
    {
        var shard = new Shard { KeyRange = Keys.KeyRange.Full, PrimaryAlias = namedUid is { } uid ? new TabletAlias("zone1", uid) : null };
        var start = StartType.Decide(A, Enum.Parse<Topo.Records.TabletType>(initType, ignoreCase: true), "claim/0", shard, DateTimeOffset.UtcNow);
        Assert.Equal(startsAs, start.Type.ToString().ToUpperInvariant());
        Assert.Equal(explained, start.Why is not null);
        Assert.Equal(start.Type == Topo.Records.TabletType.Primary, start.PrimaryTermStart is not null);
        if (namedUid == 311u && initType == "PRIMARY") Assert.Contains("names zone1-0000000311 as its primary", start.Why, StringComparison.Ordinal);
    }
}
