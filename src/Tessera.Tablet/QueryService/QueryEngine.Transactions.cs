using System.Collections.Concurrent;
using Tessera.Rpc.Query;
using Tessera.Tablet.Connections;

namespace Tessera.Tablet.QueryService;

// Transactions and reserved connections (Vitess's TxPool and StatefulConnectionPool). Ids start
// from the tablet's start time so ids from before a restart are not mistaken for new ones.
internal sealed partial class QueryEngine
{
    private readonly long transactionIdBase;
    private long lastId;
    private readonly ConcurrentDictionary<long, StatefulConnection> active = new();
    // Why recently ended connections ended (timeout), so a late request gets a useful answer.
    private readonly ConcurrentDictionary<long, string> ended = new();

    public int ActiveTransactionCount => active.Values.Count(s => s.InTransaction);
    public int ActiveConnectionCount => active.Count;

    private long NextId() => transactionIdBase + Interlocked.Increment(ref lastId);

    // Begin, Commit, Rollback, Reserve and Release errors count in the errors-by-code metric as
    // Execute's do (Vitess's tabletserver counts every request's error in its ErrorCounts).
    public Task<long> BeginAsync(Target? target, ExecuteOptions? options, long reservedId, IReadOnlyList<string> preQueries, CancellationToken ct) =>
        CountErrors(BeginUncountedAsync(target, options, reservedId, preQueries, ct));

    public Task<long> CommitAsync(Target? target, long transactionId, CancellationToken ct) =>
        CountErrors(EndTransactionAsync(target, transactionId, "commit", ct));

    public Task<long> RollbackAsync(Target? target, long transactionId, CancellationToken ct) =>
        CountErrors(EndTransactionAsync(target, transactionId, "rollback", ct));

    public Task ReleaseAsync(Target? target, long transactionId, long reservedId, CancellationToken ct) =>
        CountErrors(ReleaseUncountedAsync(target, transactionId, reservedId, ct));

    private async Task<T> CountErrors<T>(Task<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (TabletException e)
        {
            Metrics.Error(e.Code);
            throw;
        }
    }

    private async Task CountErrors(Task call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (TabletException e)
        {
            Metrics.Error(e.Code);
            throw;
        }
    }

    private async Task<long> BeginUncountedAsync(Target? target, ExecuteOptions? options, long reservedId, IReadOnlyList<string> preQueries, CancellationToken ct)
    {
        CheckTarget(target);
        if (reservedId != 0)
        {
            var reserved = await LockAsync(reservedId, ct).ConfigureAwait(false);
            try
            {
                if (reserved.InTransaction) throw TabletErrors.TransactionNotFound(reservedId, "already in a transaction");
                await StartTransactionAsync(reserved, options, preQueries, ct).ConfigureAwait(false);
                return reservedId;
            }
            finally
            {
                Unlock(reserved);
            }
        }
        var connection = await TransactionPool.GetAsync(ct).ConfigureAwait(false);
        var stateful = new StatefulConnection(NextId(), connection);
        try
        {
            await StartTransactionAsync(stateful, options, preQueries, ct).ConfigureAwait(false);
        }
        catch
        {
            connection.MarkBroken();
            connection.Return();
            throw;
        }
        active[stateful.Id] = stateful;
        return stateful.Id;
    }

    private async Task StartTransactionAsync(StatefulConnection stateful, ExecuteOptions? options, IReadOnlyList<string> preQueries, CancellationToken ct)
    {
        foreach (var pre in preQueries) await RunAsync(stateful.Connection, pre, options, ct).ConfigureAwait(false);
        var begin = options?.TransactionIsolation switch
        {
            ExecuteOptions.Types.TransactionIsolation.RepeatableRead => "set transaction isolation level repeatable read; start transaction",
            ExecuteOptions.Types.TransactionIsolation.ReadCommitted => "set transaction isolation level read committed; start transaction",
            ExecuteOptions.Types.TransactionIsolation.ReadUncommitted => "set transaction isolation level read uncommitted; start transaction",
            ExecuteOptions.Types.TransactionIsolation.Serializable => "set transaction isolation level serializable; start transaction",
            ExecuteOptions.Types.TransactionIsolation.ConsistentSnapshotReadOnly => "start transaction with consistent snapshot, read only",
            _ => "begin",
        };
        await RunAsync(stateful.Connection, begin, null, ct).ConfigureAwait(false);
        stateful.InTransaction = true;
        stateful.StartedUtc = DateTime.UtcNow;
        var timeout = config.TransactionTimeout;
        if (timeout > TimeSpan.Zero)
            stateful.TransactionTimer = new Timer(_ => ExpireTransaction(stateful, timeout), null, timeout, Timeout.InfiniteTimeSpan);
    }

    // The transaction outlived --queryserver-config-transaction-timeout: Vitess's transaction
    // killer. The MariaDB connection is killed (ending whatever it runs and rolling back), and the
    // id is forgotten; later requests for it are told why.
    private void ExpireTransaction(StatefulConnection stateful, TimeSpan timeout)
    {
        if (!active.TryRemove(stateful.Id, out _)) return;
        Metrics.TransactionKilled();
        ended[stateful.Id] = $"ended at {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss.fff} UTC (exceeded timeout: {timeout.TotalMilliseconds:0} ms)";
        TrimEnded();
        stateful.Connection.MarkBroken();
        _ = Task.Run(async () =>
        {
            await db.KillAsync(stateful.Connection.ConnectionId, queryOnly: false).ConfigureAwait(false);
            await stateful.InUse.WaitAsync().ConfigureAwait(false);
            stateful.Connection.Return();
        });
    }

    private void TrimEnded()
    {
        if (ended.Count <= 10_000) return;
        foreach (var key in ended.Keys.Order().Take(5_000)) ended.TryRemove(key, out _);
    }

    private async Task<long> EndTransactionAsync(Target? target, long transactionId, string verb, CancellationToken ct)
    {
        CheckTargetForEnd(target);
        var stateful = await LockAsync(transactionId, ct).ConfigureAwait(false);
        try
        {
            if (!stateful.InTransaction) throw TabletErrors.TransactionNotFound(transactionId, "not in a transaction");
            stateful.TransactionTimer?.Dispose();
            stateful.TransactionTimer = null;
            try
            {
                await RunAsync(stateful.Connection, verb, null, ct).ConfigureAwait(false);
            }
            finally
            {
                stateful.InTransaction = false;
                if (verb == "commit") Metrics.Commit();
                else Metrics.Rollback();
            }
            if (stateful.Reserved) return stateful.Id;
            active.TryRemove(stateful.Id, out _);
            stateful.Connection.Return();
            return 0;
        }
        finally
        {
            Unlock(stateful);
        }
    }

    // A transaction must be endable even while the tablet drains, so only the target is checked.
    private void CheckTargetForEnd(Target? target)
    {
        if (target is null) return;
        if (target.Keyspace.Length > 0 && !string.Equals(target.Keyspace, config.Keyspace, StringComparison.Ordinal))
            throw TabletErrors.WrongTarget("keyspace", target.Keyspace, config.Keyspace);
    }

    public Task<long> ReserveAsync(Target? target, long transactionId, IReadOnlyList<string> preQueries, CancellationToken ct) =>
        CountErrors(ReserveUncountedAsync(target, transactionId, preQueries, ct));

    private async Task<long> ReserveUncountedAsync(Target? target, long transactionId, IReadOnlyList<string> preQueries, CancellationToken ct)
    {
        CheckTarget(target);
        if (transactionId != 0)
        {
            var inTransaction = await LockAsync(transactionId, ct).ConfigureAwait(false);
            inTransaction.Reserved = true;
            Unlock(inTransaction);
            return transactionId;
        }
        var connection = await TransactionPool.GetAsync(ct).ConfigureAwait(false);
        var stateful = new StatefulConnection(NextId(), connection) { Reserved = true };
        try
        {
            foreach (var pre in preQueries) await RunAsync(connection, pre, null, ct).ConfigureAwait(false);
        }
        catch
        {
            connection.MarkBroken();
            connection.Return();
            throw;
        }
        active[stateful.Id] = stateful;
        return stateful.Id;
    }

    // Ends a reserved connection (rolling back its transaction if any). Its session state must not
    // reach another client, so the connection is closed rather than pooled.
    private async Task ReleaseUncountedAsync(Target? target, long transactionId, long reservedId, CancellationToken ct)
    {
        CheckTargetForEnd(target);
        var id = reservedId != 0 ? reservedId : transactionId;
        var stateful = await LockAsync(id, ct).ConfigureAwait(false);
        try
        {
            stateful.TransactionTimer?.Dispose();
            active.TryRemove(id, out _);
            stateful.Connection.MarkBroken();
            if (stateful.InTransaction)
            {
                try
                {
                    await RunAsync(stateful.Connection, "rollback", null, ct).ConfigureAwait(false);
                }
                catch (TabletException)
                {
                    // The connection is closed next anyway, which rolls back too.
                }
            }
            stateful.Connection.Return();
        }
        finally
        {
            stateful.InUse.Release();
        }
    }

    internal async Task RollbackQuietlyAsync(long id)
    {
        try
        {
            await EndTransactionAsync(null, id, "rollback", CancellationToken.None).ConfigureAwait(false);
        }
        catch (TabletException)
        {
        }
    }

    private async Task<StatefulConnection> LockAsync(long id, CancellationToken ct)
    {
        if (!active.TryGetValue(id, out var stateful))
            throw TabletErrors.TransactionNotFound(id, ended.TryGetValue(id, out var why) ? why : "not found (already ended, or never begun on this tablet)");
        await stateful.InUse.WaitAsync(ct).ConfigureAwait(false);
        if (!active.ContainsKey(id))
        {
            stateful.InUse.Release();
            throw TabletErrors.TransactionNotFound(id, ended.TryGetValue(id, out var why) ? why : "ended while this request waited");
        }
        return stateful;
    }

    private static void Unlock(StatefulConnection stateful)
    {
        stateful.LastUsedTicks = Environment.TickCount64;
        stateful.InUse.Release();
    }

    // SIGTERM: wait a little for transactions in flight, then roll back what is left.
    public async Task DrainAsync(TimeSpan grace)
    {
        var deadline = DateTime.UtcNow + grace;
        while (ActiveTransactionCount > 0 && DateTime.UtcNow < deadline) await Task.Delay(50).ConfigureAwait(false);
        foreach (var id in active.Keys.ToList())
        {
            try
            {
                await ReleaseUncountedAsync(null, 0, id, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TabletException)
            {
            }
        }
        QueryPool.Close();
        TransactionPool.Close();
        StreamPool.Close();
        deadlines.Dispose();
        idleReaper?.Dispose();
    }
}
