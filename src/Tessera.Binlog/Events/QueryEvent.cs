namespace Tessera.Binlog.Events;

/// QUERY_EVENT: a statement, here BEGIN / COMMIT around non-XID transactions, and DDL
/// (https://mariadb.com/kb/en/query_event/). Status variables are skipped.
public sealed record QueryEvent(uint ThreadId, uint ExecutionTime, ushort ErrorCode, string Database, string Sql)
{
    public bool IsBegin => Sql.Equals("BEGIN", StringComparison.OrdinalIgnoreCase);

    public bool IsCommit => Sql.Equals("COMMIT", StringComparison.OrdinalIgnoreCase);

    public bool IsRollback => Sql.Equals("ROLLBACK", StringComparison.OrdinalIgnoreCase);

    /// Parses QUERY_EVENT, or QUERY_COMPRESSED_EVENT when `compressed` (same layout, statement inflated).
    public static QueryEvent Parse(ReadOnlySpan<byte> body, FormatDescriptionEvent format, bool compressed = false)
    {
        var reader = new EventBodyReader(body);
        var postHeader = format.PostHeaderLength(compressed ? BinlogEventType.QueryCompressed : BinlogEventType.Query, 13);
        var threadId = reader.ReadUInt32();
        var executionTime = reader.ReadUInt32();
        var databaseLength = reader.ReadByte();
        var errorCode = reader.ReadUInt16();
        var statusLength = postHeader >= 13 ? reader.ReadUInt16() : 0;
        reader.Offset = postHeader;
        reader.Skip(statusLength);
        var database = reader.ReadString(databaseLength);
        reader.Skip(1); // NUL after the database name
        var sql = compressed
            ? System.Text.Encoding.UTF8.GetString(CompressedPayload.Decompress([], reader.Rest))
            : reader.ReadString(reader.Remaining);
        return new QueryEvent(threadId, executionTime, errorCode, database, sql);
    }
}
