using System.Globalization;
using System.Text;

namespace Tessera.Mysqlctl;

/// Replication commands on a tablet's MariaDB, as Vitess's mysqlctl issues them for MariaDB
/// (go/vt/mysqlctl/replication, flavor_mariadb): GTID positions are MariaDB GTID lists and a
/// replica always follows its source by GTID (MASTER_USE_GTID=slave_pos), never by file offset.
/// A sketch for the tablet manager: it runs over the socket as vt_dba with the mariadb client.
/// https://mariadb.com/kb/en/gtid/
public static class MysqldReplication
{
    /// The GTID position of everything this server has written to its binary log
    /// (@@gtid_binlog_pos), what a replica of it waits for.
    public static async Task<string> PrimaryPositionAsync(this Mysqld mysqld, CancellationToken cancellationToken = default) =>
        (await mysqld.ExecuteAsync("SELECT @@GLOBAL.gtid_binlog_pos", cancellationToken: cancellationToken)).Trim();

    /// Points this server at a source: CHANGE MASTER TO … MASTER_USE_GTID=slave_pos. Replication
    /// is stopped first (MariaDB requires it) and left stopped; call StartReplicationAsync.
    public static Task SetReplicationSourceAsync(this Mysqld mysqld, string host, int port, string user = "vt_repl", string password = "",
        CancellationToken cancellationToken = default)
    {
        var sql = new StringBuilder("STOP SLAVE;\n")
            .Append("CHANGE MASTER TO MASTER_HOST = ").Append(Literal(host))
            .Append(", MASTER_PORT = ").Append(port.ToString(CultureInfo.InvariantCulture))
            .Append(", MASTER_USER = ").Append(Literal(user))
            .Append(", MASTER_PASSWORD = ").Append(Literal(password))
            // Vitess retries quickly: a source that restarts is followed within seconds.
            .Append(", MASTER_CONNECT_RETRY = 1, MASTER_USE_GTID = slave_pos;\n");
        return mysqld.ExecuteAsync(sql.ToString(), cancellationToken: cancellationToken);
    }

    /// Sets where replication resumes from (SET GLOBAL gtid_slave_pos), e.g. after a restore.
    public static Task SetReplicationPositionAsync(this Mysqld mysqld, string position, CancellationToken cancellationToken = default) =>
        mysqld.ExecuteAsync($"STOP SLAVE;\nSET GLOBAL gtid_slave_pos = {Literal(position)};\n", cancellationToken: cancellationToken);

    public static Task StartReplicationAsync(this Mysqld mysqld, CancellationToken cancellationToken = default) =>
        mysqld.ExecuteAsync("START SLAVE", cancellationToken: cancellationToken);

    public static Task StopReplicationAsync(this Mysqld mysqld, CancellationToken cancellationToken = default) =>
        mysqld.ExecuteAsync("STOP SLAVE", cancellationToken: cancellationToken);

    /// Forgets the source entirely (STOP SLAVE; RESET SLAVE ALL), as when a replica is promoted.
    public static Task ResetReplicationAsync(this Mysqld mysqld, CancellationToken cancellationToken = default) =>
        mysqld.ExecuteAsync("STOP SLAVE;\nRESET SLAVE ALL;\n", cancellationToken: cancellationToken);

    /// Waits until this replica has applied <paramref name="position"/> (MASTER_GTID_WAIT); false
    /// if it has not within <paramref name="timeout"/>.
    public static async Task<bool> WaitForPositionAsync(this Mysqld mysqld, string position, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var seconds = Math.Max(0, timeout.TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture);
        var result = (await mysqld.ExecuteAsync($"SELECT MASTER_GTID_WAIT({Literal(position)}, {seconds})", cancellationToken: cancellationToken)).Trim();
        return result == "0";
    }

    /// Null when this server has no source configured.
    public static async Task<ReplicationStatus?> ReplicationStatusAsync(this Mysqld mysqld, CancellationToken cancellationToken = default)
    {
        var rows = await mysqld.QueryAsync("SHOW SLAVE STATUS", cancellationToken: cancellationToken);
        if (rows.Count == 0) return null;
        var row = rows[0];
        var position = (await mysqld.ExecuteAsync("SELECT @@GLOBAL.gtid_slave_pos", cancellationToken: cancellationToken)).Trim();
        var ioError = row.GetValueOrDefault("Last_IO_Error", "");
        var sqlError = row.GetValueOrDefault("Last_SQL_Error", "");
        return new ReplicationStatus(
            IoRunning: row.GetValueOrDefault("Slave_IO_Running") == "Yes",
            SqlRunning: row.GetValueOrDefault("Slave_SQL_Running") == "Yes",
            SourceHost: row.GetValueOrDefault("Master_Host", ""),
            SourcePort: int.TryParse(row.GetValueOrDefault("Master_Port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 0,
            Position: position,
            LastError: sqlError.Length > 0 ? sqlError : ioError);
    }

    /// A MariaDB string literal (default sql_mode: backslash escapes).
    internal static string Literal(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
