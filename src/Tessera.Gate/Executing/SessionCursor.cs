using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Keys;
using Tessera.Vindexes;

namespace Tessera.Gate.Executing;

// The executor's VCursor: resolves shards through the serving graph for the session's tablet
// type and sends queries through the tablet gateway. Inside a transaction (BEGIN, or autocommit
// off) each shard joins it on first use via BeginExecute and keeps its transaction id; outside
// one each shard autocommits its statement.
internal sealed partial class SessionCursor(GateSession session, ITabletGateway gateway, Func<Vindexes.VSchemas.VSchemaSnapshot>? vschema = null) : IVCursor
{
    private ILookupQuery? _lookup;

    public ILookupQuery? LookupQuery => vschema is null ? null : _lookup ??= new LookupQuery(this, vschema);

    public string? CurrentKeyspace => session.Keyspace;

    public ulong LastInsertId
    {
        get => session.LastInsertId;
        set => session.LastInsertId = value;
    }

    public async ValueTask<DestinationResolver> ResolverAsync(string keyspace, CancellationToken cancellationToken)
    {
        var shards = await gateway.ServingShardsAsync(keyspace, session.TabletType, cancellationToken).ConfigureAwait(false);
        if (shards.Count == 0)
        {
            throw GateErrors.ShardNotFound.Create($"keyspace {keyspace} has no serving shards for tablet type {session.TabletType}");
        }

        return DestinationResolver.FromShardNames(shards);
    }

    public async ValueTask<IReadOnlyList<Result>> ExecuteMultiShardAsync(string keyspace, IReadOnlyList<(string Shard, BoundQuery Query)> queries, bool isDml, CancellationToken cancellationToken)
    {
        if (session.PreQueries.Count > 0)
        {
            return await ExecuteReservedAsync(keyspace, queries, cancellationToken).ConfigureAwait(false);
        }

        var transactional = session.InTransaction || (!session.Autocommit && session.TabletType == "primary");
        if (!transactional)
        {
            if (queries.Count == 1)
            {
                return [await gateway.ExecuteAsync(new ShardTarget(keyspace, queries[0].Shard, session.TabletType), queries[0].Query, 0, cancellationToken).ConfigureAwait(false)];
            }

            // Shards in parallel. On a connection's own thread the tablet calls would block one
            // after another, so from there each starts on the thread pool.
            var onOwnThread = !Thread.CurrentThread.IsThreadPoolThread;
            var tasks = queries.Select(q => onOwnThread
                ? Task.Run(() => gateway.ExecuteAsync(new ShardTarget(keyspace, q.Shard, session.TabletType), q.Query, 0, cancellationToken).AsTask(), cancellationToken)
                : gateway.ExecuteAsync(new ShardTarget(keyspace, q.Shard, session.TabletType), q.Query, 0, cancellationToken).AsTask()).ToArray();
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        if (!session.InTransaction)
        {
            session.StartTransaction();
        }
        var results = new Result[queries.Count];
        for (var i = 0; i < queries.Count; i++)
        {
            var target = new ShardTarget(keyspace, queries[i].Shard, session.TabletType);
            var existing = session.ShardSessions.FindIndex(s => s.Target == target);
            if (existing >= 0)
            {
                results[i] = await gateway.ExecuteAsync(target, queries[i].Query, session.ShardSessions[existing].TransactionId, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                results[i] = await BeginExecuteAsync(target, queries[i].Query, cancellationToken).ConfigureAwait(false);
            }
        }

        return results;
    }

    public ValueTask<Result> ExecuteAutocommitAsync(string keyspace, string shard, BoundQuery query, CancellationToken cancellationToken) =>
        gateway.ExecuteAsync(new ShardTarget(keyspace, shard, session.TabletType), query, 0, cancellationToken);
}
