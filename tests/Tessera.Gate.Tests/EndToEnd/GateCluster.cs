using MySqlConnector;

namespace Tessera.Gate.Tests.EndToEnd;

// One real cluster shared by the end-to-end test classes of the "gate cluster" collection: the
// seeds' commerce/0 and customer/-80, customer/80- (customer, corder, sequences), an empty
// sbtest/0, the real gate in front. Both commerce and customer also hold sysbench's sbtest1 (hash
// vindex on id in the sharded one) with SbtestRows rows loaded through the gate.
public sealed class GateCluster : IAsyncLifetime
{
    public const int SbtestRows = 1000;

    // sysbench's oltp_common.lua schema for sbtest tables.
    private const string SbtestDdl =
        "create table sbtest1(id integer not null auto_increment, k integer default '0' not null, c char(120) default '' not null, pad char(60) default '' not null, primary key(id), key k_1(k));";

    private readonly TabletCluster _cluster = new();

    public int GatePort => _cluster.GatePort;

    internal GateServer Gate => _cluster.Gate!;

    internal TabletCluster Cluster => _cluster;

    // Filled by the streaming tests (StreamingTests) straight on the shards.
    private const string BigDdl = "create table big(id bigint not null, pad varchar(1000), primary key(id));";

    public async Task InitializeAsync()
    {
        await _cluster.StartShardAsync(100, "commerce", "0", replicas: 0, SeedsSchema.Commerce + SbtestDdl);
        await _cluster.StartShardAsync(200, "sbtest", "0", replicas: 0, ""); // sysbench's own prepare creates its tables through the gate
        await _cluster.StartShardAsync(300, "customer", "-80", replicas: 0, SeedsSchema.Customer + SbtestDdl + BigDdl);
        await _cluster.StartShardAsync(400, "customer", "80-", replicas: 0, SeedsSchema.Customer + SbtestDdl + BigDdl);
        await _cluster.StartGateAsync("""
            {"keyspaces": {
              "commerce": {"tables": {"customer_seq": {"type": "sequence"}, "order_seq": {"type": "sequence"}, "product": {}, "sbtest1": {}}},
              "sbtest": {"tables": {}},
              "customer": {"sharded": true, "vindexes": {"hash": {"type": "hash"}}, "tables": {
                "customer": {"column_vindexes": [{"column": "customer_id", "name": "hash"}], "auto_increment": {"column": "customer_id", "sequence": "customer_seq"}},
                "corder": {"column_vindexes": [{"column": "customer_id", "name": "hash"}], "auto_increment": {"column": "order_id", "sequence": "order_seq"}},
                "sbtest1": {"column_vindexes": [{"column": "id", "name": "hash"}]},
                "big": {"column_vindexes": [{"column": "id", "name": "hash"}]}}}}}
            """);

        foreach (var ks in new[] { "commerce", "customer" })
        {
            await LoadSbtestAsync(ks);
        }
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public MySqlConnection Connect(string db) => _cluster.Connect(db);

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

// The classes sharing one GateCluster (run one after another, on one set of processes).
[CollectionDefinition(Name)]
public sealed class GateClusterCollection : ICollectionFixture<GateCluster>
{
    public const string Name = "gate cluster";
}
