using Tessera.Gate.Engine;
using Tessera.Keys;

namespace Tessera.Gate.Executing;

// One client's state in the gate (Vitess: vtgatepb.Session): the target chosen by `use`,
// autocommit, the open transaction's per-shard transaction ids (in the order shards joined it,
// which is the commit order) and its characteristics, LAST_INSERT_ID, user variables, character
// sets and the system variables carried to reserved connections.
internal sealed class GateSession
{
    public string? Keyspace { get; set; }

    public Destination? Destination { get; set; }

    public string TabletType { get; set; } = "primary";

    public bool Autocommit { get; set; } = true;

    // `set workload = olap` streams query results (Vitess: the session's workload); oltp buffers.
    public bool Olap { get; set; }

    public bool InTransaction { get; set; }

    // The session's access mode (SET SESSION TRANSACTION READ ONLY, tx_read_only = 1).
    public bool ReadOnly { get; set; }

    // SET TRANSACTION ... without SESSION: for the next transaction only. As in MariaDB it also
    // governs autocommitted statements until a COMMIT or ROLLBACK ends a transaction.
    public (string? Isolation, bool? ReadOnly)? NextTransaction { get; set; }

    // The open transaction's characteristics, fixed when it began.
    public bool TransactionReadOnly { get; private set; }

    public string? TransactionIsolation { get; private set; }

    // BEGIN / START TRANSACTION [READ ONLY | READ WRITE], or the first statement with autocommit off.
    public void StartTransaction(bool? readOnly = null)
    {
        InTransaction = true;
        TransactionReadOnly = readOnly ?? NextTransaction?.ReadOnly ?? ReadOnly;
        TransactionIsolation = NextTransaction?.Isolation ?? IsolationLevel;
    }

    // Whether the statement about to run may not write: the open transaction's mode, or the one a
    // statement outside a transaction runs under.
    public bool WritesRefused => InTransaction ? TransactionReadOnly : NextTransaction?.ReadOnly ?? ReadOnly;

    // What each shard's BEGIN asks of its tablet: the isolation level, or a read-only transaction
    // (the tablet's only read-only begin is WITH CONSISTENT SNAPSHOT, at REPEATABLE READ, which for
    // a transaction that only reads is what it would see anyway). Null: the tablet's default.
    public string? BeginIsolation => TransactionReadOnly && TransactionIsolation is null or "repeatable read" ? ReadOnlySnapshot : TransactionIsolation;

    public const string ReadOnlySnapshot = "consistent snapshot read only";

    public List<(ShardTarget Target, long TransactionId)> ShardSessions { get; } = [];

    public ulong LastInsertId { get; set; }

    public Dictionary<string, Value> UserVariables { get; } = new(StringComparer.OrdinalIgnoreCase);

    // The session's transaction isolation level (SET SESSION TRANSACTION ISOLATION LEVEL ...,
    // tx_isolation), asked of the tablet with each BEGIN (its ExecuteOptions), which leaves the
    // pooled connection as it was. Null: the tablet's default.
    public string? IsolationLevel { get; set; }

    // SET NAMES and the character_set_* variables, as MariaDB would hold them for this session.
    public ConnectionCharsets Charsets { get; set; } = ConnectionCharsets.Default;

    // System variables the client set that the tablets must see (SystemVariables), as the SET
    // statements replayed on each reserved connection, in the order set; one per variable.
    public List<(string Name, string Statement)> PreQueries { get; } = [];

    // The connection reserved for this session on each shard it used since PreQueries became
    // non-empty, and the tablet that holds it. Guarded by itself (shards are reserved in parallel).
    public Dictionary<ShardTarget, (long ReservedId, string Alias)> Reserved { get; } = [];

    public string TargetString => Keyspace is null ? "" : Keyspace + (Destination is DestinationShard s ? "/" + s.Shard : "") + (TabletType == "primary" ? "" : "@" + TabletType);
}
