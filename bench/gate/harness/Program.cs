using System.Globalization;
using Grpc.Net.Client;
using MySqlConnector;
using Tessera.Gate;
using Tessera.Rpc.TabletManager;
using Tessera.Tablet;
using Tessera.Tablet.Server;
using Tessera.Testing;
using Tessera.Topo;
using TopoTabletType = Tessera.Topo.Records.TabletType;

// Brings up one real MariaDB under one real tablet (unsharded keyspace "sbtest", shard 0) on a
// file topo and the real gate in front, loads sysbench's sbtest1 with N rows, prints the two
// ports (direct MariaDB and gate) and serves until stdin closes; then stops everything it started.
// Usage: GateBenchHarness <rows>
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10000;
await using var root = new TestDataRoot();
var topoRoot = Path.Combine(root.Path, "topo");
Directory.CreateDirectory(topoRoot);
var mysqlPort = FreePort.Next();
TabletServer? tablet = null;
GateServer? gate = null;
try
{
    tablet = await TabletServer.StartAsync(new TabletConfig
    {
        TabletUid = 100,
        Keyspace = "sbtest",
        Shard = "0",
        InitTabletType = TopoTabletType.Primary,
        DataRoot = root.Path,
        MysqlPort = mysqlPort,
        WebPort = FreePort.Next(),
        GrpcPort = FreePort.Next(),
        TopoImplementation = "file",
        TopoGlobalRoot = topoRoot,
    });
    root.TrackRunning();
    using (var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{tablet.GrpcPort}"))
    {
        var manager = new TabletManager.TabletManagerClient(channel);
        await manager.InitPrimaryAsync(new InitPrimaryRequest());
        await manager.ApplySchemaAsync(new ApplySchemaRequest
        {
            Sql = "create table sbtest1(id integer not null auto_increment, k integer default '0' not null, c char(120) default '' not null, pad char(60) default '' not null, primary key(id), key k_1(k));",
        });
    }

    // sysbench connects to MariaDB directly over TCP as this user (no password), like the gate's root.
    await root.Instance(100, mysqlPort).ExecuteAsync("create user if not exists 'bench'@'%'; grant all on *.* to 'bench'@'%';");

    var topo = new TopoServer(TopoBackendFactory.Open("file", "", topoRoot), "zone1");
    await topo.RebuildKeyspaceGraphAsync("sbtest", ["zone1"]);
    await topo.SaveSrvVSchemaAsync("zone1", """{"keyspaces": {"sbtest": {"tables": {"sbtest1": {}}}}}""");
    gate = await GateServer.StartAsync(new GateOptions { MySqlPort = FreePort.Next(), TopoGlobalRoot = topoRoot, TabletTypesToWait = ["primary"], TabletProtocol = Environment.GetEnvironmentVariable("TABLET_PROTOCOL") ?? "wire", ThreadPerConnection = Environment.GetEnvironmentVariable("GATE_ASYNC") is null });

    await using (var c = new MySqlConnection($"Server=127.0.0.1;Port={mysqlPort};User ID=bench;Database=vt_sbtest;SslMode=None"))
    {
        await c.OpenAsync();
        var random = new Random(42);
        for (var start = 1; start <= rows; start += 1000)
        {
            var values = string.Join(",", Enumerable.Range(start, Math.Min(1000, rows - start + 1)).Select(id =>
                $"({id}, {random.Next(1, rows + 1)}, '{random.NextInt64(10_000_000_000, 99_999_999_999)}-{random.NextInt64(10_000_000_000, 99_999_999_999)}', '{random.NextInt64(10_000_000_000, 99_999_999_999)}')"));
            await new MySqlCommand($"insert into sbtest1(id, k, c, pad) values {values}", c).ExecuteNonQueryAsync();
        }
    }

    Console.WriteLine($"DIRECT_PORT={mysqlPort} DIRECT_DB=vt_sbtest GATE_PORT={gate.MySqlPort} GATE_DB=sbtest TABLET_GRPC_PORT={tablet.GrpcPort}");
    Console.Out.Flush();
    await Console.In.ReadToEndAsync();
}
finally
{
    if (gate is not null)
    {
        await gate.DisposeAsync();
    }

    if (tablet is not null)
    {
        await tablet.StopAsync();
    }
}
