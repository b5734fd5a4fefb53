using Tessera.Binlog.Positions;

namespace Tessera.Binlog.Events;

/// MariaDB GTID_EVENT: starts an event group (https://mariadb.com/kb/en/gtid_event/).
/// The server id of the GTID is the event header's.
public readonly record struct GtidEvent(MariaDbGtid Gtid, GtidFlags Flags, ulong CommitId)
{
    /// A DDL or other statement that is not wrapped in BEGIN ... COMMIT/XID.
    public bool IsStandalone => (Flags & GtidFlags.Standalone) != 0;

    public static GtidEvent Parse(ReadOnlySpan<byte> body, uint serverId)
    {
        var reader = new EventBodyReader(body);
        var sequence = reader.ReadUInt64();
        var domain = reader.ReadUInt32();
        var flags = (GtidFlags)reader.ReadByte();
        var commitId = (flags & GtidFlags.GroupCommitId) != 0 ? reader.ReadUInt64() : 0;
        return new GtidEvent(new MariaDbGtid(domain, serverId, sequence), flags, commitId);
    }
}

/// flags2 of GTID_EVENT (FL_* in sql/log_event.h).
[Flags]
public enum GtidFlags : byte
{
    None = 0,
    Standalone = 1,
    GroupCommitId = 2,
    Transactional = 4,
    AllowParallel = 8,
    Waited = 16,
    Ddl = 32,
    PreparedXa = 64,
    CompletedXa = 128,
}
