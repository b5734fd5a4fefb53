namespace Tessera.Gate.Tests.EndToEnd;

// The seeds' tables: commerce (unsharded) holds product and the sequences customer_seq and
// order_seq; customer (sharded by hash on customer_id) holds customer and corder.
internal static class SeedsSchema
{
    public const string Commerce = """
        create table product(sku varbinary(128), description varbinary(128), price bigint, primary key(sku));
        create table customer_seq(id int, next_id bigint, cache bigint, primary key(id)) comment 'vitess_sequence';
        insert into customer_seq(id, next_id, cache) values(0, 1, 100);
        create table order_seq(id int, next_id bigint, cache bigint, primary key(id)) comment 'vitess_sequence';
        insert into order_seq(id, next_id, cache) values(0, 1, 100);
        """;

    public const string Customer = """
        create table customer(customer_id bigint not null auto_increment, email varbinary(128), primary key(customer_id));
        create table corder(order_id bigint not null auto_increment, customer_id bigint, sku varbinary(128), price bigint, primary key(order_id));
        """;

    public const string CommerceVSchema = """
        {"tables": {"customer_seq": {"type": "sequence"}, "order_seq": {"type": "sequence"}, "product": {}}}
        """;

    public const string CustomerVSchema = """
        {"sharded": true, "vindexes": {"hash": {"type": "hash"}}, "tables": {
          "customer": {"column_vindexes": [{"column": "customer_id", "name": "hash"}], "auto_increment": {"column": "customer_id", "sequence": "customer_seq"}},
          "corder": {"column_vindexes": [{"column": "customer_id", "name": "hash"}], "auto_increment": {"column": "order_id", "sequence": "order_seq"}}}}
        """;

    public static string SrvVSchema => "{\"keyspaces\": {\"commerce\": " + CommerceVSchema + ", \"customer\": " + CustomerVSchema + "}}";
}
