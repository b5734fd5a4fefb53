namespace Tessera.Mysqlctl;

/// What `mysqlctl status` reports: one snapshot, taken from the pid file and /proc.
public sealed record MysqldStatus(
    uint TabletUid,
    bool Initialized,
    bool Running,
    int? ProcessId,
    int Port,
    string SocketFile,
    string TabletDir);
