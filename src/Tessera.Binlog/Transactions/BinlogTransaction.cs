using Tessera.Binlog.Events;
using Tessera.Binlog.Positions;

namespace Tessera.Binlog.Transactions;

/// One committed event group: its GTID, when it was written, its row changes in binlog order,
/// its statements (DDL), and the position after it (what VReplication stores with the rows).
public sealed record BinlogTransaction
{
    public required MariaDbGtid Gtid { get; init; }

    public GtidFlags Flags { get; init; }

    /// Timestamp of the GTID event (when the primary started the event group), UTC, seconds.
    public required DateTimeOffset Timestamp { get; init; }

    public required IReadOnlyList<RowChange> Changes { get; init; }

    public required IReadOnlyList<BinlogStatement> Statements { get; init; }

    /// Replication position including this transaction.
    public required MariaDbGtidPosition Position { get; init; }

    /// Binlog file and end offset of the commit event.
    public required string File { get; init; }

    public required long EndPosition { get; init; }

    /// The first half of an XA transaction (its rows, ended by XA PREPARE): they take effect only
    /// with the later XA COMMIT group (a statement "XA COMMIT ..."), or never on XA ROLLBACK.
    public bool IsXaPrepared => (Flags & GtidFlags.PreparedXa) != 0;

    public bool IsDdl => (Flags & GtidFlags.Ddl) != 0 || ((Flags & GtidFlags.Standalone) != 0 && Statements.Count > 0);

    public override string ToString() => $"{Gtid} ({Changes.Count} rows, {Statements.Count} statements)";
}
