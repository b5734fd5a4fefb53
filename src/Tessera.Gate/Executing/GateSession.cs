using Tessera.Gate.Engine;
using Tessera.Keys;

namespace Tessera.Gate.Executing;

// One client's state in the gate (Vitess: vtgatepb.Session): the target chosen by `use`,
// autocommit, the open transaction's per-shard transaction ids (in the order shards joined it,
// which is the commit order), LAST_INSERT_ID and user variables.
internal sealed class GateSession
{
    public string? Keyspace { get; set; }

    public Destination? Destination { get; set; }

    public string TabletType { get; set; } = "primary";

    public bool Autocommit { get; set; } = true;

    // `set workload = olap` streams query results (Vitess: the session's workload); oltp buffers.
    public bool Olap { get; set; }

    public bool InTransaction { get; set; }

    public List<(ShardTarget Target, long TransactionId)> ShardSessions { get; } = [];

    public ulong LastInsertId { get; set; }

    public Dictionary<string, Value> UserVariables { get; } = new(StringComparer.OrdinalIgnoreCase);

    // The session's transaction isolation level (SET SESSION TRANSACTION ISOLATION LEVEL ...,
    // tx_isolation), asked of the tablet with each BEGIN (its ExecuteOptions), which leaves the
    // pooled connection as it was. Null: the tablet's default.
    public string? IsolationLevel { get; set; }

    // System variables the client set that the tablets must see (SystemVariables), as the SET
    // statements replayed on each reserved connection, in the order set; one per variable.
    public List<(string Name, string Statement)> PreQueries { get; } = [];

    // The connection reserved for this session on each shard it used since PreQueries became
    // non-empty, and the tablet that holds it. Guarded by itself (shards are reserved in parallel).
    public Dictionary<ShardTarget, (long ReservedId, string Alias)> Reserved { get; } = [];

    public string TargetString => Keyspace is null ? "" : Keyspace + (Destination is DestinationShard s ? "/" + s.Shard : "") + (TabletType == "primary" ? "" : "@" + TabletType);
}
