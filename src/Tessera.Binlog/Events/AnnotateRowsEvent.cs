namespace Tessera.Binlog.Events;

/// ANNOTATE_ROWS_EVENT: the SQL statement that produced the following row events
/// (https://mariadb.com/kb/en/annotate_rows_event/), for logs and debugging only.
public static class AnnotateRowsEvent
{
    public static string Parse(ReadOnlySpan<byte> body) => System.Text.Encoding.UTF8.GetString(body);
}
