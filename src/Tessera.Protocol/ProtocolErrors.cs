namespace Tessera.Protocol;

/// The registry of the protocol-level errors this library sends or raises, with MySQL's own numbers
/// and SQLSTATEs (https://mariadb.com/kb/en/mariadb-error-code-reference/) so clients react as they
/// would to MariaDB. ProtocolErrorsTests checks that numbers are unique.
public static class ProtocolErrors
{
    public const int HandshakeErrorNumber = 1043;
    public const int AccessDeniedNumber = 1045;
    public const int NoDatabaseNumber = 1046;
    public const int UnknownCommandNumber = 1047;
    public const int BadDatabaseNumber = 1049;
    public const int UnknownErrorNumber = 1105;
    public const int PacketTooLargeNumber = 1153;
    public const int PacketsOutOfOrderNumber = 1156;
    public const int ReadTimeoutNumber = 1159;
    public const int WrongArgumentsNumber = 1210;
    public const int NotSupportedYetNumber = 1235;
    public const int UnknownStatementNumber = 1243;
    public const int NotSupportedAuthModeNumber = 1251;
    public const int MalformedPacketNumber = 1835;
    public const int SecureTransportRequiredNumber = 3159;

    public static MySqlError HandshakeError(string detail) => new(HandshakeErrorNumber, "08S01", $"Bad handshake: {detail}");

    public static MySqlError AccessDenied(string user, string host, bool usingPassword) =>
        new(AccessDeniedNumber, "28000", $"Access denied for user '{user}'@'{host}' (using password: {(usingPassword ? "YES" : "NO")})");

    public static MySqlError NoDatabase() => new(NoDatabaseNumber, "3D000", "No database selected");

    public static MySqlError UnknownCommand(byte command) => new(UnknownCommandNumber, "08S01", $"Unknown command 0x{command:X2}");

    public static MySqlError BadDatabase(string name) => new(BadDatabaseNumber, "42000", $"Unknown database '{name}'");

    public static MySqlError Unknown(string message) => new(UnknownErrorNumber, "HY000", message);

    public static MySqlError PacketTooLarge(long size, long max) =>
        new(PacketTooLargeNumber, "08S01", $"Got a packet bigger than 'max_allowed_packet' bytes ({size} > {max})");

    public static MySqlError PacketsOutOfOrder(int expected, int actual) =>
        new(PacketsOutOfOrderNumber, "08S01", $"Got packets out of order (sequence id {actual}, expected {expected})");

    public static MySqlError ReadTimeout(string during) => new(ReadTimeoutNumber, "08S01", $"Got timeout reading communication packets during {during}");

    public static MySqlError WrongArguments(string command) => new(WrongArgumentsNumber, "HY000", $"Incorrect arguments to {command}");

    public static MySqlError NotSupportedYet(string what) => new(NotSupportedYetNumber, "42000", $"This version of Tessera doesn't yet support '{what}'");

    public static MySqlError UnknownStatement(uint id, string command) =>
        new(UnknownStatementNumber, "HY000", $"Unknown prepared statement handler ({id}) given to {command}");

    public static MySqlError NotSupportedAuthMode(string plugin) =>
        new(NotSupportedAuthModeNumber, "08004", $"Client does not support authentication protocol requested by server ({plugin})");

    public static MySqlError MalformedPacket(string what) => new(MalformedPacketNumber, "HY000", $"Malformed communication packet: {what}");

    public static MySqlError SecureTransportRequired() =>
        new(SecureTransportRequiredNumber, "HY000", "Connections using insecure transport are prohibited: this server requires TLS");
}
