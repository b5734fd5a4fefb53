namespace Tessera.Gate.Executing;

// The session variables a client sets that change what MariaDB answers (Vitess: the system
// variables that need a reserved connection): the gate keeps them in the session and replays them
// on a connection reserved for the session on each shard it uses. Others are accepted and ignored.
// The character set variables are tracked together apart (ConnectionCharsets).
internal static class SystemVariables
{
    private static readonly HashSet<string> Carried = new(StringComparer.OrdinalIgnoreCase)
    {
        "sql_mode", "time_zone",
        "sql_safe_updates", "unique_checks", "foreign_key_checks", "sql_auto_is_null", "div_precision_increment",
        "group_concat_max_len", "max_statement_time", "lc_time_names", "sql_select_limit", "big_tables",
    };

    public static bool IsCarried(string name) => Carried.Contains(name);

    // Isolation needs no reserved connection: the tablet is asked for it with each BEGIN.
    public static bool IsTransactionSetting(string name) =>
        name.Equals("tx_isolation", StringComparison.OrdinalIgnoreCase) || name.Equals("transaction_isolation", StringComparison.OrdinalIgnoreCase)
        || name.Equals("tx_read_only", StringComparison.OrdinalIgnoreCase) || name.Equals("transaction_read_only", StringComparison.OrdinalIgnoreCase);
}
