using Tessera.Gate.Engine;

namespace Tessera.Gate.Executing;

// One shard of a keyspace served by a tablet type: where a query is sent.
public sealed record ShardTarget(string Keyspace, string Shard, string TabletType);

// What the executor needs from tablets (Vitess: the tablet gateway plus the serving graph): the
// serving shards of a keyspace for a tablet type, and the query service calls. The real one
// watches the topo and keeps a health stream per tablet; tests use a fake.
internal interface ITabletGateway
{
    ValueTask<IReadOnlyList<string>> ServingShardsAsync(string keyspace, string tabletType, CancellationToken cancellationToken);

    ValueTask<Result> ExecuteAsync(ShardTarget target, BoundQuery query, long transactionId, CancellationToken cancellationToken);

    ValueTask<(long TransactionId, Result Result)> BeginExecuteAsync(ShardTarget target, BoundQuery query, CancellationToken cancellationToken);

    // Rows as the tablet reads them (Vitess: StreamExecute), outside a transaction: the first
    // result carries the fields, later ones rows only. A gateway without streaming answers at once.
    IAsyncEnumerable<Result> StreamExecuteAsync(ShardTarget target, BoundQuery query, CancellationToken cancellationToken) =>
        OneResult(ExecuteAsync(target, query, 0, cancellationToken));

    private static async IAsyncEnumerable<Result> OneResult(ValueTask<Result> result)
    {
        yield return await result.ConfigureAwait(false);
    }

    // Reserved connections (Vitess: ReserveExecute and friends): a connection of one tablet kept for
    // one session, with the session's SET statements run on it first. Later calls name the tablet.
    ValueTask<(long ReservedId, string Alias, Result Result)> ReserveExecuteAsync(ShardTarget target, IReadOnlyList<string> preQueries, BoundQuery query, CancellationToken cancellationToken) =>
        throw Errors.GateErrors.Unsupported.Create("reserved connections");

    ValueTask<Result> ExecuteOnAsync(string alias, ShardTarget target, BoundQuery query, long transactionId, long reservedId, CancellationToken cancellationToken) =>
        throw Errors.GateErrors.Unsupported.Create("reserved connections");

    // BeginExecute at an isolation level ("read committed", ...).
    ValueTask<(long TransactionId, Result Result)> BeginExecuteAsync(ShardTarget target, string isolationLevel, BoundQuery query, CancellationToken cancellationToken) =>
        BeginExecuteAsync(target, query, cancellationToken);

    ValueTask<long> BeginOnAsync(string alias, ShardTarget target, long reservedId, string? isolationLevel, CancellationToken cancellationToken) =>
        throw Errors.GateErrors.Unsupported.Create("reserved connections");

    ValueTask ReleaseOnAsync(string alias, ShardTarget target, long reservedId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    ValueTask CommitAsync(ShardTarget target, long transactionId, CancellationToken cancellationToken);

    ValueTask RollbackAsync(ShardTarget target, long transactionId, CancellationToken cancellationToken);

    // For SHOW VITESS_TABLETS: cell, keyspace, shard, type, state, alias, hostname.
    IReadOnlyList<string[]> DescribeTablets();
}
