using Grpc.Net.Client;
using MySqlConnector;
using Tessera.Rpc.TabletManager;
using Tessera.Tablet;
using Tessera.Tablet.Server;
using Tessera.Testing;
using Tessera.Topo;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Gate.Tests.EndToEnd;

// The pieces every end-to-end fixture builds from: real tablets over real MariaDB under one temp
// data root, a file topo, and the real gate in front. A shard is a primary plus any replicas
// (InitPrimary, InitReplica at its position, the schema applied on the primary and replicated),
// as Vitess's InitShardPrimary does. Everything started is stopped in DisposeAsync (MariaDB by pid
// through TestDataRoot), whether the test passed or not.
internal sealed class TabletCluster : IAsyncDisposable
{
    private readonly TestDataRoot _root = new();
    private readonly List<TabletServer> _tablets = [];
    private readonly HashSet<string> _keyspaces = new(StringComparer.Ordinal);
    private readonly List<GrpcChannel> _channels = [];

    public TabletCluster()
    {
        Directory.CreateDirectory(TopoRoot);
        Topo = new TopoServer(TopoBackendFactory.Open("file", "", TopoRoot), "zone1");
    }

    public string TopoRoot => Path.Combine(_root.Path, "topo");

    public TopoServer Topo { get; }

    public GateServer? Gate { get; private set; }

    public int GatePort => Gate!.MySqlPort;

    public IReadOnlyList<TabletServer> Tablets => _tablets;

    // Starts the shard's tablets (uid, uid+1, ... with the first the primary) and applies the schema.
    public async Task<IReadOnlyList<TabletServer>> StartShardAsync(uint firstUid, string keyspace, string shard, int replicas, string schema)
    {
        var primary = await StartTabletAsync(firstUid, keyspace, shard, TopoTabletType.Primary);
        var started = new List<TabletServer> { primary };
        for (var i = 1; i <= replicas; i++)
        {
            started.Add(await StartTabletAsync(firstUid + (uint)i, keyspace, shard, TopoTabletType.Replica));
        }

        var position = (await Manager(primary).InitPrimaryAsync(new InitPrimaryRequest())).Position;
        foreach (var replica in started.Skip(1))
        {
            await Manager(replica).InitReplicaAsync(new InitReplicaRequest
            {
                Parent = new Rpc.Topodata.TabletAlias { Cell = "zone1", Uid = firstUid },
                ReplicationPosition = position,
            });
        }

        if (schema.Length > 0)
        {
            await Manager(primary).ApplySchemaAsync(new ApplySchemaRequest { Sql = schema, AllowReplication = true });
        }

        return started;
    }

    // Serving graph for every keyspace started, the SrvVSchema, then the gate (waiting for the types).
    public Task StartGateAsync(string srvVSchema, params string[] tabletTypesToWait) => StartGateAsync(srvVSchema, TimeSpan.FromSeconds(30), tabletTypesToWait);

    public async Task StartGateAsync(string srvVSchema, TimeSpan maxReplicationLag, params string[] tabletTypesToWait)
    {
        foreach (var ks in _keyspaces)
        {
            await Topo.RebuildKeyspaceGraphAsync(ks, ["zone1"]);
        }

        await Topo.SaveSrvVSchemaAsync("zone1", srvVSchema);
        Gate = await GateServer.StartAsync(new GateOptions
        {
            MySqlPort = FreePort.Next(),
            TopoGlobalRoot = TopoRoot,
            MaxReplicationLag = maxReplicationLag,
            TabletTypesToWait = tabletTypesToWait.Length == 0 ? ["primary"] : tabletTypesToWait,
        });
    }

    public MySqlConnection Connect(string db) =>
        new($"Server=127.0.0.1;Port={GatePort};User ID=root;Database={db};SslMode=None;Pooling=false;AllowUserVariables=true");

    // Stops a tablet process and starts it again on the same config and ports (its MariaDB keeps
    // running), as a crash and restart would: the new process holds none of the old one's
    // connections.
    public async Task<TabletServer> RestartTabletAsync(TabletServer tablet)
    {
        // The query port is system-chosen again, as for a restarted `tessera tablet` without
        // --query-port: the gate must read the tablet's new record.
        var config = tablet.Config with { QueryPort = null };
        await tablet.StopAsync();
        var restarted = await TabletServer.StartAsync(config);
        _tablets[_tablets.IndexOf(tablet)] = restarted;
        return restarted;
    }

    // A manager client on a channel closed with the cluster.
    public TabletManager.TabletManagerClient Manager(TabletServer tablet)
    {
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{tablet.GrpcPort}");
        _channels.Add(channel);
        return new TabletManager.TabletManagerClient(channel);
    }

    private async Task<TabletServer> StartTabletAsync(uint uid, string keyspace, string shard, TopoTabletType type)
    {
        var t = await TabletServer.StartAsync(new TabletConfig
        {
            TabletUid = uid,
            Keyspace = keyspace,
            Shard = shard,
            InitTabletType = type,
            DataRoot = _root.Path,
            MysqlPort = FreePort.Next(),
            WebPort = FreePort.Next(),
            GrpcPort = FreePort.Next(),
            TopoImplementation = "file",
            TopoGlobalRoot = TopoRoot,
            HealthCheckInterval = TimeSpan.FromMilliseconds(300),
            ShutdownGracePeriod = TimeSpan.FromMilliseconds(200),
        });
        _tablets.Add(t);
        _keyspaces.Add(keyspace);
        _root.TrackRunning();
        return t;
    }

    public async ValueTask DisposeAsync()
    {
        if (Gate is not null)
        {
            await Gate.DisposeAsync();
        }

        foreach (var c in _channels)
        {
            c.Dispose();
        }

        foreach (var t in _tablets)
        {
            await t.StopAsync();
        }

        await _root.DisposeAsync();
    }
}
