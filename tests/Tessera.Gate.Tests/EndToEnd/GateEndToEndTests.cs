using Grpc.Net.Client;
using MySqlConnector;
using Tessera.Rpc.TabletManager;
using Tessera.Tablet;
using Tessera.Tablet.Server;
using Tessera.Testing;
using Tessera.Topo;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Gate.Tests.EndToEnd;

// The seeds on real processes in one test: real MariaDB under three real tablets (commerce/0,
// customer/-80, customer/80-) on a file topo, the real gate in front, MySqlConnector as the client.
// Everything started is stopped at the end (MariaDB by pid through TestDataRoot).
public sealed class GateEndToEndTests : IAsyncLifetime
{
    private readonly TestDataRoot _root = new();
    private readonly List<TabletServer> _tablets = [];
    private GateServer? _gate;

    private string TopoRoot => Path.Combine(_root.Path, "topo");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(TopoRoot);
        foreach (var (uid, ks, shard) in new[] { (100u, "commerce", "0"), (300u, "customer", "-80"), (400u, "customer", "80-") })
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
            await manager.ApplySchemaAsync(new ApplySchemaRequest
            {
                Sql = ks == "commerce"
                    ? """
                      create table product(sku varbinary(128), description varbinary(128), price bigint, primary key(sku));
                      create table customer_seq(id int, next_id bigint, cache bigint, primary key(id)) comment 'vitess_sequence';
                      insert into customer_seq(id, next_id, cache) values(0, 1, 100);
                      create table order_seq(id int, next_id bigint, cache bigint, primary key(id)) comment 'vitess_sequence';
                      insert into order_seq(id, next_id, cache) values(0, 1, 100);
                      """
                    : """
                      create table customer(customer_id bigint not null auto_increment, email varbinary(128), primary key(customer_id));
                      create table corder(order_id bigint not null auto_increment, customer_id bigint, sku varbinary(128), price bigint, primary key(order_id));
                      """,
            });
        }

        var topo = new TopoServer(TopoBackendFactory.Open("file", "", TopoRoot), "zone1");
        await topo.RebuildKeyspaceGraphAsync("commerce", ["zone1"]);
        await topo.RebuildKeyspaceGraphAsync("customer", ["zone1"]);
        await topo.SaveSrvVSchemaAsync("zone1", """
            {"keyspaces": {
              "commerce": {"tables": {"customer_seq": {"type": "sequence"}, "order_seq": {"type": "sequence"}, "product": {}}},
              "customer": {"sharded": true, "vindexes": {"hash": {"type": "hash"}}, "tables": {
                "customer": {"column_vindexes": [{"column": "customer_id", "name": "hash"}], "auto_increment": {"column": "customer_id", "sequence": "customer_seq"}},
                "corder": {"column_vindexes": [{"column": "customer_id", "name": "hash"}], "auto_increment": {"column": "order_id", "sequence": "order_seq"}}}}}}
            """);
        _gate = await GateServer.StartAsync(new GateOptions
        {
            MySqlPort = FreePort.Next(),
            TopoGlobalRoot = TopoRoot,
            TabletTypesToWait = ["primary"],
        });
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

    private MySqlConnection Connect(string db) =>
        new($"Server=127.0.0.1;Port={_gate!.MySqlPort};User ID=root;Database={db};SslMode=None;Pooling=false");

    private static async Task<List<string>> Column(MySqlConnection c, string sql)
    {
        var list = new List<string>();
        await using var r = await new MySqlCommand(sql, c).ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            list.Add(r.IsDBNull(0) ? "NULL" : r.GetValue(0) is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : Convert.ToString(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return list;
    }

    [Fact]
    public async Task Seeds_RowsLandWhereTheirHashSays_AndScatterQueriesAnswerAsOneDatabase()
    {
        await using (var c = Connect("customer"))
        {
            await c.OpenAsync();
            await using (var insert = new MySqlCommand("insert into customer(email) values('alice@domain.com'),('bob@domain.com'),('charlie@domain.com'),('dan@domain.com'),('eve@domain.com')", c))
            {
                Assert.Equal(5, await insert.ExecuteNonQueryAsync());
                Assert.Equal(1, insert.LastInsertedId);
            }

            await new MySqlCommand("insert into corder(customer_id, sku, price) values(1, 'SKU-1001', 100),(2, 'SKU-1002', 30),(3, 'SKU-1002', 30),(4, 'SKU-1002', 30),(5, 'SKU-1002', 30)", c).ExecuteNonQueryAsync();

            Assert.Equal(["5"], await Column(c, "select count(*) from customer"));
            Assert.Equal(["eve@domain.com", "dan@domain.com"], await Column(c, "select email from customer order by customer_id desc limit 2"));
            Assert.Equal(["30.0000"], await Column(c, "select avg(price) from corder where sku = 'SKU-1002'"));
            Assert.Equal(["SKU-1001", "SKU-1002"], await Column(c, "select sku from corder group by sku"));
            Assert.Equal(["2"], await Column(c, "select count(distinct sku) from corder"));
            Assert.Equal(["bob@domain.com"], await Column(c, "select c.email from customer c join corder o on c.customer_id = o.customer_id where o.order_id = 2"));

            await using (var tx = await c.BeginTransactionAsync())
            {
                await new MySqlCommand("insert into customer(customer_id, email) values (100, 'x'), (104, 'y')", c, tx).ExecuteNonQueryAsync();
                await tx.RollbackAsync();
            }

            Assert.Equal(["5"], await Column(c, "select count(*) from customer"));
        }

        await using (var low = Connect("customer/-80"))
        {
            await low.OpenAsync();
            Assert.Equal(["1", "2", "3", "5"], await Column(low, "select customer_id from customer order by customer_id"));
            Assert.Equal(["1", "2", "3", "5"], await Column(low, "select customer_id from corder order by customer_id"));
        }

        await using (var high = Connect("customer/80-"))
        {
            await high.OpenAsync();
            Assert.Equal(["4"], await Column(high, "select customer_id from customer"));
        }
    }
}
