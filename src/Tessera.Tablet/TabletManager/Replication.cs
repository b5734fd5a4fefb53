using System.Globalization;
using Tessera.Protocol.Client;

namespace Tessera.Tablet.TabletManager;

// MariaDB replication facts read over an admin connection (SHOW SLAVE STATUS, GTID variables).
internal sealed record ReplicationSnapshot(bool Configured, bool IoRunning, bool SqlRunning, uint? LagSeconds, string SourceHost, int SourcePort,
    string LastError, string RelayPosition)
{
    public static readonly ReplicationSnapshot None = new(false, false, false, null, "", 0, "", "");

    // Slave_IO_Running as MariaDB says it: Yes, No, or Connecting/Preparing for the moments after
    // START SLAVE before the source answered (or while it does not).
    public string IoState { get; init; } = "No";

    public string IoThread => IoState switch
    {
        "Yes" => "running",
        "No" or "" => "stopped",
        var other => other.ToLowerInvariant(),
    };
}

internal static class Replication
{
    public static async Task<List<Dictionary<string, object?>>> RowsAsync(MySqlClientConnection connection, string sql, CancellationToken ct = default)
    {
        await using var reader = await connection.QueryAsync(sql, ct).ConfigureAwait(false);
        var rows = new List<Dictionary<string, object?>>();
        if (!reader.HasRows) return rows;
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var values = reader.GetValues();
            var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < values.Length; i++) row[reader.Columns[i].Name] = values[i];
            rows.Add(row);
        }
        return rows;
    }

    public static async Task<string> ScalarAsync(MySqlClientConnection connection, string sql, CancellationToken ct = default)
    {
        var rows = await RowsAsync(connection, sql, ct).ConfigureAwait(false);
        return rows.Count == 0 ? "" : Convert.ToString(rows[0].Values.First(), CultureInfo.InvariantCulture) ?? "";
    }

    public static async Task<ReplicationSnapshot> StatusAsync(MySqlClientConnection connection, CancellationToken ct = default)
    {
        var rows = await RowsAsync(connection, "SHOW SLAVE STATUS", ct).ConfigureAwait(false);
        if (rows.Count == 0) return ReplicationSnapshot.None;
        var row = rows[0];
        string Text(string name) => row.TryGetValue(name, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) ?? "" : "";
        var lagText = Text("Seconds_Behind_Master");
        uint? lag = uint.TryParse(lagText, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : null;
        var error = Text("Last_IO_Error");
        if (error.Length == 0) error = Text("Last_SQL_Error");
        _ = int.TryParse(Text("Master_Port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port);
        var io = Text("Slave_IO_Running");
        return new ReplicationSnapshot(true, io == "Yes", Text("Slave_SQL_Running") == "Yes", lag,
            Text("Master_Host"), port, error, Text("Gtid_IO_Pos"))
        {
            IoState = io,
        };
    }
}
