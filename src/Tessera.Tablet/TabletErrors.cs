using Tessera.Protocol;
using Tessera.Rpc.Query;

namespace Tessera.Tablet;

// Vitess's vtrpc.Code: the class of an error, carried in RpcError.code so the gate can decide
// whether to retry, buffer or relay it.
internal enum VtCode
{
    Ok = 0,
    Canceled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    ReadOnly = 18,
}

// An error the tablet answers a request with: its class plus the MySQL triple a client will see.
internal sealed class TabletException(VtCode code, MySqlError error, Exception? inner = null)
    : Exception(error.Message, inner)
{
    public VtCode Code { get; } = code;
    public MySqlError Error { get; } = error;

    public RpcError ToRpcError() => new()
    {
        Code = (int)Code,
        MysqlErrno = (uint)Error.Number,
        Sqlstate = Error.SqlState,
        Message = Error.Message,
    };
}

// The tablet's own errors, in one place. MySQL numbers where MySQL has a fitting one (so clients
// react as they would to MariaDB), else ER_UNKNOWN_ERROR 1105 as Vitess does.
internal static class TabletErrors
{
    public const int UnknownError = 1105;
    public const int QueryInterrupted = 1317;
    public const int OptionPreventsStatement = 1290;
    public const int TooManyConnections = 1040;

    private static TabletException Make(VtCode code, int number, string sqlState, string message) =>
        new(code, new MySqlError(number, sqlState, message));

    public static TabletException WrongTarget(string what, string got, string want) =>
        Make(VtCode.FailedPrecondition, UnknownError, "HY000", $"invalid {what}: '{got}' does not match this tablet's '{want}'");

    public static TabletException NotServing(string alias, string state) =>
        Make(VtCode.Unavailable, UnknownError, "HY000", $"tablet {alias}: operation not allowed in state {state}");

    public static TabletException DeniedTable(string table) =>
        Make(VtCode.FailedPrecondition, UnknownError, "HY000", $"disallowed due to rule: enforce denied tables (table {table})");

    public static TabletException WriteOnNonPrimary(string alias, string type, string verb) =>
        Make(VtCode.ReadOnly, OptionPreventsStatement, "HY000",
            $"tablet {alias} is a {type}: {verb} is a write and only the PRIMARY accepts writes");

    public static TabletException PoolTimeout(string pool, TimeSpan wait) =>
        Make(VtCode.ResourceExhausted, TooManyConnections, "08004", $"{pool} pool: no connection free within {wait.TotalMilliseconds:0} ms (pool exhausted)");

    public static TabletException PoolQueueFull(string pool, int limit) =>
        Make(VtCode.ResourceExhausted, TooManyConnections, "08004", $"{pool} pool: {limit} requests already waiting (queue limit reached)");

    public static TabletException QueryTimedOut(TimeSpan timeout) =>
        Make(VtCode.DeadlineExceeded, QueryInterrupted, "70100", $"query killed: it ran longer than its timeout of {timeout.TotalMilliseconds:0} ms");

    public static TabletException TransactionNotFound(long id, string? why) =>
        Make(VtCode.Aborted, UnknownError, "HY000", why is null ? $"transaction {id}: not found" : $"transaction {id}: {why}");

    public static TabletException TooManyRows(int limit) =>
        Make(VtCode.ResourceExhausted, UnknownError, "HY000", $"row count exceeded {limit} (the tablet's max result size)");

    public static TabletException BadBindVariable(string message) =>
        Make(VtCode.InvalidArgument, UnknownError, "HY000", message);

    public static TabletException Unavailable(string message, Exception? inner = null) =>
        new(VtCode.Unavailable, new MySqlError(2002, "HY000", message), inner);

    public static TabletException Sequence(string message) =>
        Make(VtCode.FailedPrecondition, UnknownError, "HY000", message);

    // A MariaDB error relayed whole: its number, SQLSTATE and message.
    public static TabletException FromMySql(MySqlErrorException e) => new(ClassOf(e.Error.Number), e.Error, e);

    private static VtCode ClassOf(int errno) => errno switch
    {
        1317 or 1927 => VtCode.Canceled,
        1205 or 1213 => VtCode.Aborted,
        1290 or 1836 => VtCode.ReadOnly,
        1062 => VtCode.AlreadyExists,
        1044 or 1045 or 1142 or 1143 => VtCode.PermissionDenied,
        1146 or 1049 or 1054 => VtCode.NotFound,
        _ => VtCode.InvalidArgument,
    };
}
