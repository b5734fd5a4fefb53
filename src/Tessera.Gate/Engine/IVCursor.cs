using Tessera.Keys;
using Tessera.Vindexes;

namespace Tessera.Gate.Engine;

// All I/O a primitive does goes through this one interface (Vitess: engine.VCursor), so every
// primitive runs against a fake in unit tests and against tablets in the gate.
internal interface IVCursor
{
    // How lookup vindexes read their tables, in this session.
    ILookupQuery? LookupQuery { get; }

    // The keyspace selected by `use`, for DATABASE().
    string? CurrentKeyspace { get; }

    // The serving shards of a keyspace for the session's tablet type (from its SrvKeyspace).
    ValueTask<DestinationResolver> ResolverAsync(string keyspace, CancellationToken cancellationToken);

    // Runs one query on each (shard, query) pair of a keyspace, in parallel; results in input order.
    // `isDml` says the statement writes, so it joins (or opens) the session's transaction.
    ValueTask<IReadOnlyList<Result>> ExecuteMultiShardAsync(string keyspace, IReadOnlyList<(string Shard, BoundQuery Query)> queries, bool isDml, CancellationToken cancellationToken);

    // Runs one statement outside the session's transaction, committed on its own (Vitess:
    // CommitOrder_AUTOCOMMIT): an `autocommit` lookup vindex's writes.
    ValueTask<Result> ExecuteAutocommitAsync(string keyspace, string shard, BoundQuery query, CancellationToken cancellationToken) =>
        throw Errors.GateErrors.Internal.Create("this cursor cannot run a statement outside the session's transaction");

    // LAST_INSERT_ID() as the session sees it; primitives set it after an insert.
    ulong LastInsertId { get; set; }
}
