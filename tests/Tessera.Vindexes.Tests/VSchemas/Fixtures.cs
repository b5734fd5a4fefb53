namespace Tessera.Vindexes.Tests.VSchemas;

// VSchemas used by the tests: the seeds' (shared/SCENARIO.md) and Vitess-style ones written for
// these tests in Vitess's JSON format.
internal static class Fixtures
{
    public const string CommerceInitial = """{"tables": {"product": {}, "customer": {}, "corder": {}}}""";

    public const string CommerceWithSequences = """
        {"tables": {"customer_seq": {"type": "sequence"}, "order_seq": {"type": "sequence"}, "product": {}}}
        """;

    public const string CustomerSharded = """
        {
          "sharded": true,
          "vindexes": {"hash": {"type": "hash"}},
          "tables": {
            "customer": {"column_vindexes": [{"column": "customer_id", "name": "hash"}],
                         "auto_increment": {"column": "customer_id", "sequence": "customer_seq"}},
            "corder":   {"column_vindexes": [{"column": "customer_id", "name": "hash"}],
                         "auto_increment": {"column": "order_id", "sequence": "order_seq"}}
          }
        }
        """;

    // Lookups with an owner, multi-column vindexes, declared columns, a reference table copied
    // from another keyspace, qualified sequences, pinned tables.
    public const string VitessStyleSharded = """
        {
          "sharded": true,
          "vindexes": {
            "xxhash": {"type": "xxhash"},
            "md5": {"type": "unicode_loose_md5"},
            "user_email_lookup": {
              "type": "consistent_lookup_unique",
              "params": {"table": "lookup.user_email_idx", "from": "email", "to": "keyspace_id", "ignore_nulls": "true"},
              "owner": "user"
            },
            "order_user_lookup": {
              "type": "lookup",
              "params": {"table": "lookup.order_user_idx", "from": "order_id,line", "to": "user_id", "autocommit": "true", "write_only": "false"},
              "owner": "orders"
            }
          },
          "tables": {
            "user": {
              "column_vindexes": [
                {"column": "id", "name": "xxhash"},
                {"column": "email", "name": "user_email_lookup"}
              ],
              "auto_increment": {"column": "id", "sequence": "lookup.user_seq"},
              "columns": [
                {"name": "id", "type": "INT64", "nullable": false},
                {"name": "email", "type": "VARCHAR", "size": 255, "collation_name": "utf8mb4_general_ci"},
                {"name": "state", "type": "ENUM", "values": ["active", "gone"], "default": "'active'", "invisible": true},
                {"name": "balance", "type": "DECIMAL", "size": 10, "scale": 2}
              ],
              "column_list_authoritative": true
            },
            "orders": {
              "column_vindexes": [
                {"columns": ["user_id"], "name": "xxhash"},
                {"columns": ["order_id", "line"], "name": "order_user_lookup"}
              ]
            },
            "names": {"column_vindexes": [{"column": "name", "name": "md5"}]},
            "countries": {"type": "reference", "source": "lookup.countries"},
            "pinned_config": {"pinned": "80"}
          },
          "foreign_key_mode": "unmanaged"
        }
        """;

    public const string VitessStyleLookup = """
        {
          "tables": {
            "user_seq": {"type": "sequence"},
            "user_email_idx": {},
            "order_user_idx": {},
            "countries": {"type": "reference"}
          },
          "require_explicit_routing": false
        }
        """;

    public const string RoutingRulesDuringMoveTables = """
        {"rules": [
          {"from_table": "customer", "to_tables": ["commerce.customer"]},
          {"from_table": "customer.customer", "to_tables": ["commerce.customer"]},
          {"from_table": "customer@replica", "to_tables": ["customer.customer"]},
          {"from_table": "customer.customer@replica", "to_tables": ["customer.customer"]},
          {"from_table": "corder", "to_tables": ["commerce.corder"]},
          {"from_table": "corder@rdonly", "to_tables": ["customer.corder"]}
        ]}
        """;
}
