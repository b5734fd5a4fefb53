using MySqlConnector;

namespace Tessera.Gate.Tests.EndToEnd;

// The seeds' customer keyspace on two shards with owned lookup vindexes, their lookup tables in
// the unsharded commerce keyspace (as the Vitess user guide sets them up): customer owns
// email_lookup (lookup_unique on email, commerce.email_idx) and corder owns sku_lookup (lookup on
// sku with ignore_nulls, commerce.sku_idx), member owns nick_lookup (consistent_lookup_unique on
// nick, commerce.nick_idx). Real tablets on real MariaDB, the real gate in front.
public sealed class LookupCluster : IAsyncLifetime
{
    private const string LookupTables = """
        create table email_idx(email varbinary(128) not null, keyspace_id varbinary(10), primary key(email));
        create table sku_idx(sku varbinary(128) not null, keyspace_id varbinary(10), key(sku));
        create table nick_idx(nick varbinary(64) not null, keyspace_id varbinary(10), primary key(nick));
        """;

    private const string Member = "create table member(member_id bigint not null, nick varbinary(64), primary key(member_id));";

    private const string VSchema = """
        {"keyspaces": {
          "commerce": {"tables": {"customer_seq": {"type": "sequence"}, "order_seq": {"type": "sequence"}, "product": {}, "email_idx": {}, "sku_idx": {}, "nick_idx": {}}},
          "customer": {"sharded": true,
            "vindexes": {
              "hash": {"type": "hash"},
              "email_lookup": {"type": "lookup_unique", "params": {"table": "commerce.email_idx", "from": "email", "to": "keyspace_id"}, "owner": "customer"},
              "sku_lookup": {"type": "lookup", "params": {"table": "commerce.sku_idx", "from": "sku", "to": "keyspace_id", "ignore_nulls": "true"}, "owner": "corder"},
              "nick_lookup": {"type": "consistent_lookup_unique", "params": {"table": "commerce.nick_idx", "from": "nick", "to": "keyspace_id"}, "owner": "member"}},
            "tables": {
              "customer": {"column_vindexes": [{"column": "customer_id", "name": "hash"}, {"column": "email", "name": "email_lookup"}], "auto_increment": {"column": "customer_id", "sequence": "customer_seq"}},
              "corder": {"column_vindexes": [{"column": "customer_id", "name": "hash"}, {"column": "sku", "name": "sku_lookup"}], "auto_increment": {"column": "order_id", "sequence": "order_seq"}},
              "member": {"column_vindexes": [{"column": "member_id", "name": "hash"}, {"column": "nick", "name": "nick_lookup"}]}}}}}
        """;

    private readonly TabletCluster _cluster = new();

    public async Task InitializeAsync()
    {
        await _cluster.StartShardAsync(100, "commerce", "0", replicas: 0, SeedsSchema.Commerce + LookupTables);
        await _cluster.StartShardAsync(200, "customer", "-80", replicas: 0, SeedsSchema.Customer + Member);
        await _cluster.StartShardAsync(300, "customer", "80-", replicas: 0, SeedsSchema.Customer + Member);
        await _cluster.StartGateAsync(VSchema);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public MySqlConnection Connect(string db) => _cluster.Connect(db);
}
