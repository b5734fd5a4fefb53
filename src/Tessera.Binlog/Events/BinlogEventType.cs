namespace Tessera.Binlog.Events;

/// Event type codes of the MariaDB binlog (https://mariadb.com/kb/en/2-binlog-event-header/).
/// Codes 160+ are MariaDB's own; 30-35 are MySQL 5.6+ events a MariaDB primary never writes.
public enum BinlogEventType : byte
{
    Unknown = 0,
    StartV3 = 1,
    Query = 2,
    Stop = 3,
    Rotate = 4,
    Intvar = 5,
    Slave = 7,
    AppendBlock = 9,
    DeleteFile = 11,
    Rand = 13,
    UserVar = 14,
    FormatDescription = 15,
    Xid = 16,
    BeginLoadQuery = 17,
    ExecuteLoadQuery = 18,
    TableMap = 19,
    WriteRowsV1 = 23,
    UpdateRowsV1 = 24,
    DeleteRowsV1 = 25,
    Incident = 26,
    Heartbeat = 27,
    Ignorable = 28,
    RowsQuery = 29,
    WriteRowsV2 = 30,
    UpdateRowsV2 = 31,
    DeleteRowsV2 = 32,
    MySqlGtid = 33,
    MySqlAnonymousGtid = 34,
    MySqlPreviousGtids = 35,
    /// MariaDB 10.5+: ends the first half of an XA transaction (XA PREPARE); XA COMMIT comes later
    /// as its own event group.
    XaPrepare = 38,
    AnnotateRows = 160,
    BinlogCheckpoint = 161,
    Gtid = 162,
    GtidList = 163,
    StartEncryption = 164,
    QueryCompressed = 165,
    WriteRowsCompressedV1 = 166,
    UpdateRowsCompressedV1 = 167,
    DeleteRowsCompressedV1 = 168,
    WriteRowsCompressed = 169,
    UpdateRowsCompressed = 170,
    DeleteRowsCompressed = 171,
}

internal static class BinlogEventTypeExtensions
{
    public static bool IsRows(this BinlogEventType type) => type is
        BinlogEventType.WriteRowsV1 or BinlogEventType.UpdateRowsV1 or BinlogEventType.DeleteRowsV1 or
        BinlogEventType.WriteRowsV2 or BinlogEventType.UpdateRowsV2 or BinlogEventType.DeleteRowsV2;

    /// Row data compressed with MariaDB's log_bin_compress (zlib), inflated before decoding.
    public static bool IsCompressedRows(this BinlogEventType type) => type is >= BinlogEventType.WriteRowsCompressedV1 and <= BinlogEventType.DeleteRowsCompressed;
}
