using System.Reflection;

namespace Tessera.Gate.Errors;

// The registry of Tessera's own error codes, in one place (a test checks codes are unique).
// Numbering follows Vitess's classes: VT03 bad input, VT05 not found, VT09 state/precondition,
// VT10 not supported by design, VT12 unsupported yet, VT13 internal.
// https://vitess.io/docs/reference/errors/error-codes/ (a Vitess concept; codes and wording ours)
public static class GateErrors
{
    // ER_NOT_SUPPORTED_YET (1235, 42000): a query shape the planner cannot run correctly.
    public static readonly GateErrorCode Unsupported = new("VT12001", 1235, "42000", "unsupported: a query shape the planner does not handle");

    // A cross-keyspace or cross-shard construct refused by design (no silent wrong answer).
    public static readonly GateErrorCode NotSupportedByDesign = new("VT10001", 1235, "42000", "not supported by design");

    // ER_BAD_DB_ERROR (1049, 42000): unknown keyspace.
    public static readonly GateErrorCode KeyspaceNotFound = new("VT05003", 1049, "42000", "unknown database (keyspace)");

    // ER_NO_SUCH_TABLE (1146, 42S02).
    public static readonly GateErrorCode TableNotFound = new("VT05004", 1146, "42S02", "table not found in the VSchema");

    // ER_NO_DB_ERROR (1046, 3D000): an unqualified table with no keyspace selected and none found globally.
    public static readonly GateErrorCode NoDatabaseSelected = new("VT09005", 1046, "3D000", "no database selected");

    // ER_BAD_FIELD_ERROR (1054, 42S22).
    public static readonly GateErrorCode ColumnNotFound = new("VT03019", 1054, "42S22", "column not found");

    // ER_NON_UNIQ_ERROR (1052, 23000): a column the planner cannot place on one side of a join.
    public static readonly GateErrorCode AmbiguousColumn = new("VT03021", 1052, "23000", "ambiguous column reference");

    // ER_WRONG_VALUE_COUNT_ON_ROW (1136, 21S01).
    public static readonly GateErrorCode ValueCountMismatch = new("VT03006", 1136, "21S01", "column count does not match value count");

    // A sharding key value that maps to no keyspace id (NULL, a lookup miss on insert).
    public static readonly GateErrorCode NoKeyspaceId = new("VT09001", 1105, "HY000", "value maps to no keyspace id");

    // A row must name its table's primary vindex column.
    public static readonly GateErrorCode MissingVindexColumn = new("VT09002", 1364, "HY000", "insert without the primary vindex column");

    // The gate's own bug; never a client mistake.
    public static readonly GateErrorCode Internal = new("VT13001", 1105, "HY000", "internal error in the gate");

    // ER_SPECIFIC_ACCESS_DENIED / bad target: `use ks/shard` naming a shard that does not serve.
    public static readonly GateErrorCode ShardNotFound = new("VT05005", 1105, "HY000", "shard not found in the serving graph");

    // No healthy tablet of the wanted type for a shard.
    public static readonly GateErrorCode NoHealthyTablet = new("VT14002", 1105, "HY000", "no healthy tablet available");

    // The chosen tablet could not be reached or dropped the call (Vitess: VT14001 connection error).
    public static readonly GateErrorCode TabletUnavailable = new("VT14001", 1105, "HY000", "connection error: a tablet could not be reached");

    // A wrong argument to a gate-evaluated construct (LIMIT not a number, bad USE target).
    public static readonly GateErrorCode WrongArguments = new("VT03007", 1210, "HY000", "incorrect arguments");

    // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION (1792, 25006): a write in a READ ONLY transaction or session.
    public static readonly GateErrorCode ReadOnlyTransaction = new("VT09021", 1792, "25006", "cannot execute statement in a READ ONLY transaction");

    // ER_CANT_CHANGE_TX_CHARACTERISTICS (1568, 25001): SET TRANSACTION inside a transaction.
    public static readonly GateErrorCode TransactionInProgress = new("VT09022", 1568, "25001", "transaction characteristics can't be changed while a transaction is in progress");

    // The tablet no longer holds a session's reserved connection (restarted, or released it when
    // idle); outside a transaction the gate reserves a new one with the session's settings.
    public static readonly GateErrorCode ReservedConnectionLost = new("VT14003", 1105, "HY000", "reserved connection lost");

    // ER_BAD_NULL_ERROR (1048, 23000): NULL for the column of an owned lookup vindex that does
    // not ignore NULLs (Vitess VT03028).
    public static readonly GateErrorCode LookupNullValue = new("VT03028", 1048, "23000", "column of a lookup vindex cannot be null");

    // Every code of this registry, read by reflection so a new field cannot be forgotten.
    public static IReadOnlyList<GateErrorCode> All { get; } =
        [.. typeof(GateErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(GateErrorCode))
            .Select(f => (GateErrorCode)f.GetValue(null)!)];

    public static GateException UnsupportedError(string what) => Unsupported.Create($"unsupported: {what}");
}
