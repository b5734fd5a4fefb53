using System.Diagnostics;
using Google.Protobuf.Collections;
using Tessera.Protocol;
using Tessera.Protocol.Client;
using Tessera.Rpc.Query;
using Tessera.Tablet.Connections;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Tablet.QueryService;

// The tablet's query service (Vitess's TabletServer + QueryExecutor): checks each request against
// the tablet's target and rules, expands bind variables, and runs it on a pooled connection, a
// transaction's or a reserved one, under a timeout that kills the statement in MariaDB.
internal sealed partial class QueryEngine
{
    private readonly TabletConfig config;
    private readonly TabletStateHolder state;
    private readonly DbConnector db;
    private readonly QueryPlanCache plans = new();
    private readonly SequenceCache sequences;
    private readonly QueryDeadlines deadlines;
    private readonly Consolidator consolidator = new();

    public QueryEngine(TabletConfig config, TabletStateHolder state, DbConnector db)
    {
        this.config = config;
        this.state = state;
        this.db = db;
        QueryPool = new ConnectionPool("query", config.QueryPoolSize, config.PoolWaitTimeout, config.PoolQueueLimit, db.AppAsync);
        TransactionPool = new ConnectionPool("transaction", config.TransactionPoolSize, config.PoolWaitTimeout, config.PoolQueueLimit, db.AppAsync);
        StreamPool = new ConnectionPool("stream", config.StreamPoolSize, config.PoolWaitTimeout, config.PoolQueueLimit, db.AppAsync);
        sequences = new SequenceCache(this);
        deadlines = new QueryDeadlines(db);
        transactionIdBase = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        StartIdleReaper();
    }

    public ConnectionPool QueryPool { get; }
    public RecentQueries Recent { get; } = new();
    public long Consolidations => consolidator.Waits;
    public ConnectionPool TransactionPool { get; }
    public ConnectionPool StreamPool { get; }
    public IReadOnlyList<ConnectionPool> Pools => [QueryPool, TransactionPool, StreamPool];
    public TabletMetrics Metrics { get; } = new();
    internal DbConnector Db => db;

    public void CheckTarget(Target? target)
    {
        var current = state.Current;
        if (!current.IsServingNow) throw TabletErrors.NotServing(config.Alias.ToString(), current.StateName);
        if (target is null) return;
        if (target.Keyspace.Length > 0 && !string.Equals(target.Keyspace, config.Keyspace, StringComparison.Ordinal))
            throw TabletErrors.WrongTarget("keyspace", target.Keyspace, config.Keyspace);
        if (target.Shard.Length > 0 && !string.Equals(target.Shard, config.Shard, StringComparison.OrdinalIgnoreCase))
            throw TabletErrors.WrongTarget("shard", target.Shard, config.Shard);
        if (target.TabletType != Rpc.Topodata.TabletType.Unknown && (TopoTabletType)(int)target.TabletType != current.Type)
            throw TabletErrors.WrongTarget("tablet type", target.TabletType.ToString().ToUpperInvariant(), current.Type.ToString().ToUpperInvariant());
    }

    private QueryPlan Plan(string sql)
    {
        var plan = plans.Get(sql);
        var current = state.Current;
        if (current.DeniedTables.Count > 0)
        {
            foreach (var table in plan.Tables)
                if (current.DeniedTables.IsDenied(table)) throw TabletErrors.DeniedTable(table);
        }
        if (plan.IsWrite && current.Type != TopoTabletType.Primary)
            throw TabletErrors.WriteOnNonPrimary(config.Alias.ToString(), current.Type.ToString().ToUpperInvariant(), plan.Verb);
        return plan;
    }

    // The target check, the recent-queries entry and the plan, for Execute and StreamExecute: a
    // refusal here is counted and shown as the query's outcome before any MariaDB work.
    private (QueryPlan Plan, long Ticket) Admit(Target? target, string sql)
    {
        long ticket = 0;
        try
        {
            CheckTarget(target);
            ticket = Recent.Add(sql);
            return (Plan(sql), ticket);
        }
        catch (TabletException e)
        {
            Metrics.Error(e.Code);
            if (ticket != 0) Recent.Complete(ticket, TimeSpan.Zero, e.Error);
            throw;
        }
    }

    public async Task<QueryResult> ExecuteAsync(Target? target, BoundQuery query, long transactionId, long reservedId, ExecuteOptions? options, CancellationToken ct)
    {
        var (plan, ticket) = Admit(target, query.Sql);
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        MySqlError? error = null;
        try
        {
            if (plan.Type == PlanType.NextVal) return await sequences.NextAsync(plan, query.BindVariables, ct).ConfigureAwait(false);
            var sql = BindVariables.Substitute(query.Sql, query.BindVariables);
            var id = transactionId != 0 ? transactionId : reservedId;
            if (id != 0)
            {
                var stateful = await LockAsync(id, ct).ConfigureAwait(false);
                try
                {
                    stateful.LastQuery = sql;
                    return await RunAsync(stateful.Connection, sql, options, ct, plan.QueryTimeout).ConfigureAwait(false);
                }
                finally
                {
                    Unlock(stateful);
                }
            }
            if (plan.Type == PlanType.Select && config.EnableConsolidator)
                return await consolidator.RunAsync(sql, options, () => RunPooledAsync(sql, options, ct, plan.QueryTimeout, read: true)).ConfigureAwait(false);
            return await RunPooledAsync(sql, options, ct, plan.QueryTimeout, read: plan.Type == PlanType.Select).ConfigureAwait(false);
        }
        catch (TabletException e)
        {
            failed = true;
            error = e.Error;
            Metrics.Error(e.Code);
            throw;
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            Metrics.Observe(plan, elapsed, failed);
            Recent.Complete(ticket, elapsed, error);
        }
    }

    private async Task<QueryResult> RunPooledAsync(string sql, ExecuteOptions? options, CancellationToken ct, TimeSpan directiveTimeout, bool read)
    {
        for (var attempt = 0; ; attempt++)
        {
            var connection = await QueryPool.GetAsync(ct).ConfigureAwait(false);
            try
            {
                return await RunAsync(connection, sql, options, ct, directiveTimeout).ConfigureAwait(false);
            }
            catch (TabletException e) when (read && attempt == 0 && e.Code == VtCode.Unavailable && connection.Broken)
            {
                // As Vitess's DBConn: one retry on a fresh connection after a connection error
                // outside a transaction (the idle ones died with a MariaDB restart). Reads only: a
                // write may have been applied before the connection went.
                QueryPool.DropIdle();
            }
            finally
            {
                connection.Return();
            }
        }
    }

    // Counted in the query metrics as Execute is (a streamed select as SelectStream, as Vitess
    // labels it). The tablet's query timeout does not bound a stream (streams are for long reads,
    // as in Vitess); a QUERY_TIMEOUT_MS directive or the request's own timeout does.
    public async Task StreamExecuteAsync(Target? target, BoundQuery query, long transactionId, long reservedId, ExecuteOptions? options,
        Func<QueryResult, Task> send, CancellationToken ct)
    {
        var (plan, ticket) = Admit(target, query.Sql);
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        MySqlError? error = null;
        try
        {
            if (plan.Type == PlanType.NextVal)
            {
                await send(await sequences.NextAsync(plan, query.BindVariables, ct).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            }
            var sql = BindVariables.Substitute(query.Sql, query.BindVariables);
            var timeout = StreamTimeout(options, plan.QueryTimeout);
            var id = transactionId != 0 ? transactionId : reservedId;
            if (id != 0)
            {
                var stateful = await LockAsync(id, ct).ConfigureAwait(false);
                try
                {
                    stateful.LastQuery = sql;
                    await StreamAsync(stateful.Connection, pooled: false, sql, options, timeout, send, ct).ConfigureAwait(false);
                }
                finally
                {
                    Unlock(stateful);
                }
                return;
            }
            var connection = await StreamPool.GetAsync(ct).ConfigureAwait(false);
            try
            {
                await StreamAsync(connection, pooled: true, sql, options, timeout, send, ct).ConfigureAwait(false);
            }
            finally
            {
                connection.Return();
            }
        }
        catch (TabletException e)
        {
            failed = true;
            error = e.Error;
            Metrics.Error(e.Code);
            throw;
        }
        catch (OperationCanceledException)
        {
            // The caller went away mid-stream: counted as a failed query, not as an error answered.
            failed = true;
            throw;
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            Metrics.Observe(plan.Type == PlanType.Select ? plan with { Type = PlanType.SelectStream } : plan, elapsed, failed);
            Recent.Complete(ticket, elapsed, error);
        }
    }

    private static TimeSpan StreamTimeout(ExecuteOptions? options, TimeSpan directiveTimeout)
    {
        var timeout = options is { QueryTimeoutMs: > 0 } ? TimeSpan.FromMilliseconds(options.QueryTimeoutMs) : TimeSpan.Zero;
        return directiveTimeout > TimeSpan.Zero && (timeout <= TimeSpan.Zero || directiveTimeout < timeout) ? directiveTimeout : timeout;
    }

    public async Task<List<QueryResult>> ExecuteBatchAsync(Target? target, IReadOnlyList<BoundQuery> queries, bool asTransaction, long transactionId,
        ExecuteOptions? options, CancellationToken ct)
    {
        try
        {
            CheckTarget(target);
        }
        catch (TabletException e)
        {
            // Each query's own errors are counted by ExecuteAsync; a refused batch counts once.
            Metrics.Error(e.Code);
            throw;
        }
        var results = new List<QueryResult>(queries.Count);
        if (asTransaction && transactionId == 0)
        {
            var id = await BeginAsync(target, options, 0, [], ct).ConfigureAwait(false);
            try
            {
                foreach (var query in queries) results.Add(await ExecuteAsync(target, query, id, 0, options, ct).ConfigureAwait(false));
                await CommitAsync(target, id, ct).ConfigureAwait(false);
            }
            catch
            {
                await RollbackQuietlyAsync(id).ConfigureAwait(false);
                throw;
            }
            return results;
        }
        foreach (var query in queries) results.Add(await ExecuteAsync(target, query, transactionId, 0, options, ct).ConfigureAwait(false));
        return results;
    }

    // Runs one statement with the tablet's (or the request's) query timeout, shortened by a
    // QUERY_TIMEOUT_MS directive: on expiry the statement is killed in MariaDB with KILL QUERY and
    // the caller gets a timeout error.
    internal async Task<QueryResult> RunAsync(PooledConnection connection, string sql, ExecuteOptions? options, CancellationToken ct, TimeSpan directiveTimeout = default)
    {
        var timeout = options is { QueryTimeoutMs: > 0 } ? TimeSpan.FromMilliseconds(options.QueryTimeoutMs) : config.QueryTimeout;
        if (directiveTimeout > TimeSpan.Zero && (timeout <= TimeSpan.Zero || directiveTimeout < timeout)) timeout = directiveTimeout;
        var killer = deadlines.Register(connection.ConnectionId, timeout);
        try
        {
            if (config.MysqlReadTimeout > TimeSpan.Zero)
                connection.Connection.ReadTimeout = timeout > TimeSpan.Zero ? timeout + config.QueryKillGrace : config.MysqlReadTimeout;
            await using var reader = await connection.Connection.QueryAsync(sql, CancellationToken.None).ConfigureAwait(false);
            return await ResultBuilder.ReadAsync(reader, options, config.MaxResultSize, CancellationToken.None).ConfigureAwait(false);
        }
        catch (MySqlErrorException e)
        {
            if (killer.Fired) throw TabletErrors.QueryTimedOut(timeout);
            throw TabletErrors.FromMySql(e);
        }
        catch (Exception e) when (e is IOException or MySqlProtocolException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            connection.MarkBroken();
            db.ReportLost();
            throw TabletErrors.Unavailable($"lost the connection to MariaDB: {e.Message}", e);
        }
        finally
        {
            killer.Dispose();
            if (killer.Expired) connection.MarkBroken();
        }
    }

    // Sends the fields, then rows in batches of about BatchBytes. A timeout kills the statement in
    // MariaDB as RunAsync's does; rows already sent stay sent and the stream ends with the error.
    private async Task StreamAsync(PooledConnection connection, bool pooled, string sql, ExecuteOptions? options, TimeSpan timeout, Func<QueryResult, Task> send, CancellationToken ct)
    {
        const int BatchBytes = 256 * 1024;
        var killer = deadlines.Register(connection.ConnectionId, timeout);
        MySqlResultReader? reader = null;
        try
        {
            if (config.MysqlReadTimeout > TimeSpan.Zero)
                connection.Connection.ReadTimeout = timeout > TimeSpan.Zero ? timeout + config.QueryKillGrace : config.MysqlReadTimeout;
            reader = await connection.Connection.QueryAsync(sql, CancellationToken.None).ConfigureAwait(false);
            var fields = new QueryResult();
            var included = options?.IncludedFields ?? ExecuteOptions.Types.IncludedFields.TypeAndName;
            foreach (var c in reader.Columns) fields.Fields.Add(ResultBuilder.ToField(c, included));
            if (!reader.HasRows)
            {
                fields.RowsAffected = reader.Ok.AffectedRows;
                fields.InsertId = reader.Ok.LastInsertId;
            }
            await send(fields).ConfigureAwait(false);
            var batch = new QueryResult();
            var size = 0;
            var columns = reader.Columns.Count;
            while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var row = ResultBuilder.ToRow(reader.CurrentRow.Span, columns);
                batch.Rows.Add(row);
                size += row.Values.Length + columns * 2;
                if (size >= BatchBytes)
                {
                    await send(batch).ConfigureAwait(false);
                    batch = new QueryResult();
                    size = 0;
                }
            }
            if (batch.Rows.Count > 0) await send(batch).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The caller went away mid-stream. A pooled connection is dropped unread (the pool
            // closes a broken connection when it comes back), so MariaDB stops at its next write
            // instead of the tablet reading the rest of a large scan. A transaction's or reserved
            // connection is drained instead: closing it would end the caller's session.
            connection.MarkBroken();
            if (pooled) reader = null;
            throw;
        }
        catch (MySqlErrorException e)
        {
            if (killer.Fired) throw TabletErrors.QueryTimedOut(timeout);
            throw TabletErrors.FromMySql(e);
        }
        catch (Exception e) when (e is IOException or MySqlProtocolException or System.Net.Sockets.SocketException)
        {
            // MariaDB went away mid-stream: the connection's state is unknown.
            connection.MarkBroken();
            reader = null;
            db.ReportLost();
            throw TabletErrors.Unavailable($"lost the connection to MariaDB: {e.Message}", e);
        }
        finally
        {
            if (reader is not null) await reader.DisposeAsync().ConfigureAwait(false);
            killer.Dispose();
            if (killer.Expired) connection.MarkBroken();
        }
    }

    public void ResetSequences() => sequences.Reset();

    // MariaDB went away and came back: every idle connection is dead.
    public void DropIdleConnections()
    {
        QueryPool.DropIdle();
        TransactionPool.DropIdle();
        StreamPool.DropIdle();
    }

    internal static string Literal(string text)
    {
        var sql = new System.Text.StringBuilder();
        SqlLiteral.AppendQuoted(sql, System.Text.Encoding.UTF8.GetBytes(text));
        return sql.ToString();
    }

    internal static long ReadInteger(MapField<string, BindVariable> bindVariables, Sql.Ast.Expressions.Expression count)
    {
        switch (count)
        {
            case Sql.Ast.Expressions.Literal { Kind: Sql.Ast.Expressions.LiteralKind.Integer } literal:
                return long.Parse(literal.Value, System.Globalization.CultureInfo.InvariantCulture);
            case Sql.Ast.Expressions.BindVariable named when bindVariables.TryGetValue(named.Name, out var value)
                && SqlLiteral.IsInteger(value.Value.Span):
                return long.Parse(value.Value.ToStringUtf8(), System.Globalization.CultureInfo.InvariantCulture);
            default:
                throw TabletErrors.BadBindVariable("next N values: N must be an integer literal or an integer bind variable");
        }
    }
}
