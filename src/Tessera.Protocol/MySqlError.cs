namespace Tessera.Protocol;

/// An error as a MySQL client sees it: number, SQLSTATE and message. The same triple travels in an
/// ERR packet (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html).
public readonly record struct MySqlError(int Number, string SqlState, string Message)
{
    public override string ToString() => $"ERROR {Number} ({SqlState}): {Message}";
}
