using Grpc.Net.Client;
using MySqlConnector;
using Tessera.Rpc.TabletManager;
using Tessera.Tablet;
using Tessera.Tablet.Server;
using Tessera.Testing;
using Tessera.Topo;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Gate.Tests.EndToEnd;

// One real cluster for the real-client tests: real MariaDB under four real tablets (commerce/0,
// an empty sbtest/0, customer/-80, customer/80-) on a file topo, the real gate in front. Both keyspaces also hold
// sysbench's sbtest1 (hash vindex on id in the sharded one) with SbtestRows rows loaded through
// the gate. Everything started is stopped in DisposeAsync (MariaDB by pid through TestDataRoot).
public sealed class GateCluster : IAsyncLifetime
{
    public const int SbtestRows = 1000;

    // sysbench's oltp_common.lua schema for sbtest tables.
    private const string SbtestDdl =
        "create table sbtest1(id integer not null auto_increment, k integer default '0' not null, c char(120) default '' not null, pad char(60) default '' not null, primary key(id), key k_1(k));";

    private readonly TestDataRoot _root = new();
    private readonly List<TabletServer> _tablets = [];
    private GateServer? _gate;

    public int GatePort => _gate!.MySqlPort;

    private string TopoRoot => Path.Combine(_root.Path, "topo");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(TopoRoot);
        foreach (var (uid, ks, shard) in new[] { (100u, "commerce", "0"), (200u, "sbtest", "0"), (300u, "customer", "-80"), (400u, "customer", "80-") })
        {
            var t = await TabletServer.StartAsync(new TabletConfig
            {
                TabletUid = uid,
                Keyspace = ks,
                Shard = shard,
                InitTabletType = TopoTabletType.Primary,
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
            _root.TrackRunning();
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{t.GrpcPort}");
            var manager = new TabletManager.TabletManagerClient(channel);
            await manager.InitPrimaryAsync(new InitPrimaryRequest());
            if (ks == "sbtest")
            {
                continue; // left empty: sysbench's own prepare creates its tables through the gate
            }

            await manager.ApplySchemaAsync(new ApplySchemaRequest
            {
                Sql = ks == "commerce"
                    ? """
                      create table product(sku varbinary(128), description varbinary(128), price bigint, primary key(sku));
                      create table customer_seq(id int, next_id bigint, cache bigint, primary key(id)) comment 'vitess_sequence';
                      insert into customer_seq(id, next_id, cache) values(0, 1, 100);
                      """ + SbtestDdl
                    : """
                      create table customer(customer_id bigint not null auto_increment, email varbinary(128), primary key(customer_id));
                      """ + SbtestDdl,
            });
        }

        var topo = new TopoServer(TopoBackendFactory.Open("file", "", TopoRoot), "zone1");
        await topo.RebuildKeyspaceGraphAsync("commerce", ["zone1"]);
        await topo.RebuildKeyspaceGraphAsync("customer", ["zone1"]);
        await topo.RebuildKeyspaceGraphAsync("sbtest", ["zone1"]);
        await topo.SaveSrvVSchemaAsync("zone1", """
            {"keyspaces": {
              "commerce": {"tables": {"customer_seq": {"type": "sequence"}, "product": {}, "sbtest1": {}}},
              "sbtest": {"tables": {}},
              "customer": {"sharded": true, "vindexes": {"hash": {"type": "hash"}}, "tables": {
                "customer": {"column_vindexes": [{"column": "customer_id", "name": "hash"}], "auto_increment": {"column": "customer_id", "sequence": "customer_seq"}},
                "sbtest1": {"column_vindexes": [{"column": "id", "name": "hash"}]}}}}}
            """);
        _gate = await GateServer.StartAsync(new GateOptions
        {
            MySqlPort = FreePort.Next(),
            TopoGlobalRoot = TopoRoot,
            TabletTypesToWait = ["primary"],
        });

        foreach (var ks in new[] { "commerce", "customer" })
        {
            await LoadSbtestAsync(ks);
        }
    }

    public async Task DisposeAsync()
    {
        if (_gate is not null)
        {
            await _gate.DisposeAsync();
        }

        foreach (var t in _tablets)
        {
            await t.StopAsync();
        }

        await _root.DisposeAsync();
    }

    public MySqlConnection Connect(string db) =>
        new($"Server=127.0.0.1;Port={GatePort};User ID=root;Database={db};SslMode=None;Pooling=false");

    // Rows like sysbench's prepare makes (k random-ish, c/pad filler), in batches through the gate.
    private async Task LoadSbtestAsync(string keyspace)
    {
        await using var c = Connect(keyspace);
        await c.OpenAsync();
        const int batch = 100;
        for (var start = 1; start <= SbtestRows; start += batch)
        {
            var values = string.Join(",", Enumerable.Range(start, batch).Select(id =>
                $"({id}, {(id * 7919) % SbtestRows}, 'c-{id:D11}-{id * 31:D11}', 'pad-{id:D11}')"));
            await new MySqlCommand($"insert into sbtest1(id, k, c, pad) values {values}", c).ExecuteNonQueryAsync();
        }
    }
}
