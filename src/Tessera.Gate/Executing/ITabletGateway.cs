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

    ValueTask CommitAsync(ShardTarget target, long transactionId, CancellationToken cancellationToken);

    ValueTask RollbackAsync(ShardTarget target, long transactionId, CancellationToken cancellationToken);

    // For SHOW VITESS_TABLETS: cell, keyspace, shard, type, state, alias, hostname.
    IReadOnlyList<string[]> DescribeTablets();
}
