using Grpc.Net.Client;
using Tessera.Rpc.Query;
using Tessera.Rpc.TabletManager;
using Tessera.Tablet.Server;
using Tessera.Testing;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Tablet.Tests;

// One shard of a real cluster for a test class: a primary tablet (uid 100) and a replica (uid 101)
// over their own MariaDB instances under a temp data root, a file topo, replication running, and
// gRPC channels to both. Everything is stopped (MariaDB by pid) when the class is done.
public sealed class ShardFixture : IAsyncLifetime
{
    public const string Keyspace = "commerce";
    public const string Shard = "0";

    private readonly TestDataRoot root = new();
    private readonly int[] mysqlPorts = [FreePort.Next(), FreePort.Next()];

    public TabletServer Primary { get; private set; } = null!;
    public TabletServer Replica { get; private set; } = null!;
    public GrpcChannel PrimaryChannel { get; private set; } = null!;
    public GrpcChannel ReplicaChannel { get; private set; } = null!;
    public Rpc.QueryService.Query.QueryClient PrimaryQuery => new(PrimaryChannel);
    public Rpc.QueryService.Query.QueryClient ReplicaQuery => new(ReplicaChannel);
    public Rpc.TabletManager.TabletManager.TabletManagerClient PrimaryManager => new(PrimaryChannel);
    public Rpc.TabletManager.TabletManager.TabletManagerClient ReplicaManager => new(ReplicaChannel);
    public string TopoRoot => Path.Combine(root.Path, "topo");
    public TestDataRoot Root => root;

    public TabletConfig Config(uint uid, TopoTabletType type, int mysqlPort) => new()
    {
        TabletUid = uid,
        Keyspace = Keyspace,
        Shard = Shard,
        InitTabletType = type,
        DataRoot = root.Path,
        MysqlPort = mysqlPort,
        WebPort = FreePort.Next(),
        GrpcPort = FreePort.Next(),
        TopoImplementation = "file",
        TopoGlobalRoot = TopoRoot,
        HealthCheckInterval = TimeSpan.FromMilliseconds(300),
        TransactionTimeout = TimeSpan.FromSeconds(3),
        ShutdownGracePeriod = TimeSpan.FromMilliseconds(200),
    };

    public static Target Target(Rpc.Topodata.TabletType type) => new() { Keyspace = Keyspace, Shard = Shard, TabletType = type };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(TopoRoot);
        // The topo's keyspace lock serialises the two shard creations; start the primary first.
        Primary = await TabletServer.StartAsync(Config(100, TopoTabletType.Primary, mysqlPorts[0]));
        Replica = await TabletServer.StartAsync(Config(101, TopoTabletType.Replica, mysqlPorts[1]));
        root.TrackRunning();
        PrimaryChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{Primary.GrpcPort}");
        ReplicaChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{Replica.GrpcPort}");

        var position = (await PrimaryManager.InitPrimaryAsync(new InitPrimaryRequest())).Position;
        await ReplicaManager.InitReplicaAsync(new InitReplicaRequest
        {
            Parent = new Rpc.Topodata.TabletAlias { Cell = "zone1", Uid = 100 },
            ReplicationPosition = position,
        });
        await PrimaryManager.ApplySchemaAsync(new ApplySchemaRequest
        {
            AllowReplication = true,
            Sql = """
                create table customer (id bigint not null auto_increment, email varchar(128), primary key (id));
                create table customer_seq (id int, next_id bigint, cache bigint, primary key (id)) comment 'vitess_sequence';
                insert into customer_seq (id, next_id, cache) values (0, 1, 5);
                create table moved (id bigint primary key);
                """,
        });
    }

    // Restarts the primary's tablet process (not its MariaDB), as a crash and restart would.
    public async Task RestartPrimaryAsync()
    {
        var config = Primary.Config;
        await Primary.StopAsync();
        PrimaryChannel.Dispose();
        Primary = await TabletServer.StartAsync(config);
        PrimaryChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{Primary.GrpcPort}");
    }

    public async Task DisposeAsync()
    {
        PrimaryChannel?.Dispose();
        ReplicaChannel?.Dispose();
        if (Replica is not null) await Replica.StopAsync();
        if (Primary is not null) await Primary.StopAsync();
        await root.DisposeAsync();
    }
}
