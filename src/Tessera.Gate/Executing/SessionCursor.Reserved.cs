using Tessera.Gate.Engine;

namespace Tessera.Gate.Executing;

// Once the client has set a system variable the tablets must see (sql_mode, time_zone, ...), each
// shard the session uses gets a connection reserved for it, with the session's SET statements run
// on it first; every later query of the session on that shard, in or out of a transaction, runs
// there. Vitess: reserved connections with the session's system variables as pre-queries. A
// connection its tablet lost (restarted) is reserved anew outside a transaction.
internal sealed partial class SessionCursor
{
    private async ValueTask<IReadOnlyList<Result>> ExecuteReservedAsync(string keyspace, IReadOnlyList<(string Shard, BoundQuery Query)> queries, CancellationToken cancellationToken)
    {
        var transactional = session.InTransaction || (!session.Autocommit && session.TabletType == "primary");
        if (!transactional)
        {
            var tasks = queries.Select(q => ExecuteReservedAsync(new ShardTarget(keyspace, q.Shard, session.TabletType), q.Query, cancellationToken).AsTask()).ToArray();
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
            if (existing >= 0 && !IsReserved(target, session.ShardSessions[existing].TransactionId))
            {
                // Begun before the variable was set: it stays on its own connection until it ends.
                results[i] = await gateway.ExecuteAsync(target, queries[i].Query, session.ShardSessions[existing].TransactionId, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var (reservedId, alias) = await ReserveAsync(target, cancellationToken).ConfigureAwait(false);
            if (existing < 0)
            {
                // On a reserved connection the transaction id is the reserved id. One whose tablet
                // lost it is reserved anew: the transaction has not begun on this shard yet.
                long txid;
                try
                {
                    txid = await gateway.BeginOnAsync(alias, target, reservedId, session.BeginIsolation, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (IsLost(e))
                {
                    Forget(target, (reservedId, alias));
                    (reservedId, alias) = await ReserveAsync(target, cancellationToken).ConfigureAwait(false);
                    txid = await gateway.BeginOnAsync(alias, target, reservedId, session.BeginIsolation, cancellationToken).ConfigureAwait(false);
                }

                session.ShardSessions.Add((target, txid));
            }

            results[i] = await gateway.ExecuteOnAsync(alias, target, queries[i].Query, reservedId, 0, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    private async ValueTask<Result> ExecuteReservedAsync(ShardTarget target, BoundQuery query, CancellationToken cancellationToken)
    {
        (long ReservedId, string Alias) held;
        lock (session.Reserved)
        {
            if (!session.Reserved.TryGetValue(target, out held))
            {
                held = default;
            }
        }

        if (held.ReservedId != 0)
        {
            try
            {
                return await gateway.ExecuteOnAsync(held.Alias!, target, query, 0, held.ReservedId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsLost(e))
            {
                // Outside a transaction nothing of the session lived on that connection but its
                // settings: reserved anew with them (Vitess does the same), the query runs there.
                Forget(target, held);
            }
        }

        var (reservedId, alias, result) = await gateway.ReserveExecuteAsync(target, [.. session.PreQueries.Select(p => p.Statement)], query, cancellationToken).ConfigureAwait(false);
        lock (session.Reserved)
        {
            session.Reserved[target] = (reservedId, alias);
        }

        return result;
    }

    // The reserved connection is gone with nothing run: its tablet no longer holds it, is no
    // longer serving, or cannot be reached.
    private static bool IsLost(Exception e) =>
        e is Errors.GateException { Code: var code } && (code == Errors.GateErrors.ReservedConnectionLost || code == Errors.GateErrors.NoHealthyTablet || code == Errors.GateErrors.TabletUnavailable)
        || e is Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Unavailable };

    private void Forget(ShardTarget target, (long ReservedId, string Alias) held)
    {
        lock (session.Reserved)
        {
            if (session.Reserved.TryGetValue(target, out var now) && now == held)
            {
                session.Reserved.Remove(target);
            }
        }
    }

    private bool IsReserved(ShardTarget target, long transactionId)
    {
        lock (session.Reserved)
        {
            return session.Reserved.TryGetValue(target, out var held) && held.ReservedId == transactionId;
        }
    }

    // The shard's reserved connection, reserving one (with a query that does nothing) if needed.
    private async ValueTask<(long ReservedId, string Alias)> ReserveAsync(ShardTarget target, CancellationToken cancellationToken)
    {
        lock (session.Reserved)
        {
            if (session.Reserved.TryGetValue(target, out var held))
            {
                return held;
            }
        }

        var (reservedId, alias, _) = await gateway.ReserveExecuteAsync(target, [.. session.PreQueries.Select(p => p.Statement)], new BoundQuery("select 1", BoundQuery.NoBindVariables), cancellationToken).ConfigureAwait(false);
        lock (session.Reserved)
        {
            session.Reserved[target] = (reservedId, alias);
        }

        return (reservedId, alias);
    }
}
