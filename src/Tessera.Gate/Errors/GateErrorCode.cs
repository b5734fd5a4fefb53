using Tessera.Protocol;

namespace Tessera.Gate.Errors;

// One Tessera error code (Vitess-style `VT12001`): the code a user can search for, the MySQL error
// number and SQLSTATE a client sees, and the message shape. Messages read `VT12001: unsupported: ...`.
public sealed record GateErrorCode(string Code, int MySqlNumber, string SqlState, string Description)
{
    public GateException Create(string detail) => new(this, detail);

    public MySqlError ToMySqlError(string detail) => new(MySqlNumber, SqlState, $"{Code}: {detail}");
}

// What the gate throws for anything a client sent that it cannot plan or run; the front end turns
// it into an ERR packet and the session continues.
public sealed class GateException : Exception
{
    public GateException(GateErrorCode code, string detail)
        : base($"{code.Code}: {detail}")
    {
        Code = code;
        Detail = detail;
    }

    public GateException(GateErrorCode code, string detail, Exception inner)
        : base($"{code.Code}: {detail}", inner)
    {
        Code = code;
        Detail = detail;
    }

    public GateErrorCode Code { get; }

    public string Detail { get; }

    public MySqlError ToMySqlError() => Code.ToMySqlError(Detail);
}
