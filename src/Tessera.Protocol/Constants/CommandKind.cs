namespace Tessera.Protocol.Constants;

/// The first byte of a command packet (https://dev.mysql.com/doc/dev/mysql-server/latest/my__command_8h.html).
public enum CommandKind : byte
{
    Sleep = 0x00,
    Quit = 0x01,
    InitDb = 0x02,
    Query = 0x03,
    FieldList = 0x04,
    Statistics = 0x09,
    ProcessInfo = 0x0A,
    Ping = 0x0E,
    ChangeUser = 0x11,
    BinlogDump = 0x12,
    RegisterSlave = 0x15,
    StatementPrepare = 0x16,
    StatementExecute = 0x17,
    StatementSendLongData = 0x18,
    StatementClose = 0x19,
    StatementReset = 0x1A,
    SetOption = 0x1B,
    StatementFetch = 0x1C,
    ResetConnection = 0x1F,
    BinlogDumpGtid = 0x1E,
}
