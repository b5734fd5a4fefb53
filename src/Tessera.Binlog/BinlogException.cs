namespace Tessera.Binlog;

/// Bad or unusable binlog input (checksum mismatch, truncated event, row event for an unknown
/// table map, a value that cannot be decoded). Always names where it happened, so an operator
/// can find the event with `mariadb-binlog --start-position`. Never a silently wrong value.
public sealed class BinlogException : Exception
{
    public BinlogException(string message, string? file = null, long position = -1, Exception? inner = null)
        : base(Describe(message, file, position), inner)
    {
        File = file;
        Position = position;
    }

    public BinlogException()
    {
    }

    public BinlogException(string message) : this(message, null, -1, null)
    {
    }

    public BinlogException(string message, Exception inner) : this(message, null, -1, inner)
    {
    }

    /// The binlog file name (as the server names it), when known.
    public string? File { get; }

    /// Byte offset of the event's start in that file, or -1.
    public long Position { get; }

    /// MySQL error number when the server sent one (e.g. 1236 for a purged start position), else 0.
    public int ServerErrorCode { get; init; }

    private static string Describe(string message, string? file, long position) =>
        (file, position) switch
        {
            (null, < 0) => message,
            (null, _) => $"{message} (at position {position})",
            (_, < 0) => $"{message} (in {file})",
            _ => $"{message} (at {file}:{position})",
        };
}
