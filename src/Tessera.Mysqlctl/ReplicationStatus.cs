namespace Tessera.Mysqlctl;

/// A replica's view of its replication, from SHOW SLAVE STATUS and @@gtid_slave_pos, with Vitess's
/// names (replication.ReplicationStatus). Position is a MariaDB GTID list ("0-100-42").
public sealed record ReplicationStatus(
    bool IoRunning,
    bool SqlRunning,
    string SourceHost,
    int SourcePort,
    string Position,
    string LastError)
{
    public bool Running => IoRunning && SqlRunning;
}
