using System.Diagnostics;
using System.Runtime.CompilerServices;
using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Gate.Planning;
using Tessera.Sql;

namespace Tessera.Gate.Executing;

// Streaming execution for `set workload = olap` (Vitess: StreamExecute through the gate): a SELECT
// (COM_QUERY or COM_STMT_EXECUTE) whose plan streams (IStreamPrimitive: routes, merge-sort across
// shards, LIMIT/OFFSET, ordered and scalar aggregates, HAVING, DISTINCT, joins streaming their left
// side, UNION ALL) runs with StreamExecute on its shards, and its rows go to the client batch by
// batch as they arrive, so the gate holds a few batches per shard whatever the result's size (a
// sort in the gate, ORDER BY an aggregate, still holds its input's groups). Anything else (DML,
// session statements, SELECT ... FOR UPDATE, queries the gate rewrites or answers itself) and any
// query in a transaction, with autocommit off or with reserved connections runs as usual and its
// result is returned for the caller to write.
internal sealed partial class Executor
{
    public static bool Workload(Value value) =>
        (value.ToText() ?? "").ToLowerInvariant() switch
        {
            "olap" => true,
            "oltp" or "dba" or "" => false,
            var other => throw GateErrors.WrongArguments.Create($"invalid workload: {other} (oltp, olap or dba)"),
        };

    // Null when the rows went to the sink; otherwise the result to write as a whole.
    public async ValueTask<Result?> StreamExecuteAsync(GateSession session, string sql, IRowSink sink, CancellationToken cancellationToken)
    {
        if (!CanStreamIn(session) || NeedsRewrite(sql) || StreamableStatement(sql) is not { } statement)
        {
            return await ExecuteAsync(session, sql, null, cancellationToken).ConfigureAwait(false);
        }

        return await StreamPreparedAsync(session, Prepare(statement, 0), [], sink, cancellationToken).ConfigureAwait(false);
    }

    // COM_STMT_EXECUTE under olap: as ExecutePreparedAsync, the statement prepared once and kept in
    // `state`, and its rows streamed like a COM_QUERY's (the writer turns them into binary rows).
    public async ValueTask<Result?> StreamExecutePreparedAsync(GateSession session, string sql, IReadOnlyList<Value> parameters, StrongBox<object?> state, IRowSink sink,
        CancellationToken cancellationToken)
    {
        if (CanStreamIn(session))
        {
            if (state.Value is null && !NeedsRewrite(sql) && StreamableStatement(sql) is { } statement)
            {
                state.Value = Prepare(statement, parameters.Count);
            }

            if (state.Value is PreparedQuery { GateOnly: false, Normalized: QueryStatement { Lock: null } } prepared)
            {
                return await StreamPreparedAsync(session, prepared, parameters, sink, cancellationToken).ConfigureAwait(false);
            }
        }

        return await ExecutePreparedAsync(session, sql, parameters, state, cancellationToken).ConfigureAwait(false);
    }

    // StreamExecute runs outside transactions and reserved connections (as Vitess's does here).
    private static bool CanStreamIn(GateSession session) => !session.InTransaction && session.Autocommit && session.PreQueries.Count == 0;

    // DATABASE(), @@version and the session's transaction variables are rewritten by ExecuteAsync;
    // such queries take that path.
    private static bool NeedsRewrite(string sql) =>
        sql.Contains("database", StringComparison.OrdinalIgnoreCase) || sql.Contains("schema", StringComparison.OrdinalIgnoreCase) || VersionRewrite.MayApply(sql)
        || SessionVariableRewrite.MayApply(sql);

    // A SELECT or UNION that reads tables and locks nothing; null for anything else (including
    // text that does not parse: the usual path answers its error).
    private static Statement? StreamableStatement(string sql)
    {
        Statement statement;
        try
        {
            statement = SqlParser.Parse(sql);
        }
        catch (SqlSyntaxException)
        {
            return null;
        }

        return statement is QueryStatement { Lock: null } && statement is not Select { From.Count: 0 } ? statement : null;
    }

    private async ValueTask<Result?> StreamPreparedAsync(GateSession session, PreparedQuery prepared, IReadOnlyList<Value> parameters, IRowSink sink, CancellationToken cancellationToken)
    {
        var (plan, bv) = PlanAndBind(session, prepared, parameters);
        if (!Streaming.CanStream(plan.Instructions))
        {
            return await ExecuteObservedAsync(plan, session, bv, cancellationToken).ConfigureAwait(false);
        }

        await StreamPlanAsync(plan, session, bv, sink, cancellationToken).ConfigureAwait(false);
        return null;
    }

    // COM_STMT_PREPARE under olap: the statement's columns without reading its rows (a big result
    // would go over the tablet's row limit on the buffered path): the stream is left after its
    // first batch, which cancels the shard streams. Null when the statement does not stream.
    public async ValueTask<IReadOnlyList<Field>?> StreamFieldsAsync(GateSession session, string sql, IReadOnlyList<Value> parameters, CancellationToken cancellationToken)
    {
        if (!CanStreamIn(session) || NeedsRewrite(sql) || StreamableStatement(sql) is not { } statement)
        {
            return null;
        }

        var (plan, bv) = PlanAndBind(session, Prepare(statement, parameters.Count), parameters);
        if (!Streaming.CanStream(plan.Instructions))
        {
            return null;
        }

        await foreach (var batch in Streaming.StreamAsync(plan.Instructions, new SessionCursor(session, gateway, () => vschema.Current), bv, cancellationToken).ConfigureAwait(false))
        {
            return batch.Fields;
        }

        return null;
    }

    // Runs a streaming plan into the sink: the fields once, then each batch as it comes. The sink
    // waits for the client, which is what holds the shards back; a client that goes away ends the
    // enumeration, which cancels the shard streams.
    private async Task StreamPlanAsync(Plan plan, GateSession session, Dictionary<string, BindValue> bindVariables, IRowSink sink, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var rows = 0L;
        try
        {
            var fieldsSent = false;
            var cursor = new SessionCursor(session, gateway, () => vschema.Current);
            await foreach (var batch in Streaming.StreamAsync(plan.Instructions, cursor, bindVariables, cancellationToken).ConfigureAwait(false))
            {
                if (!fieldsSent)
                {
                    if (batch.Fields.Count == 0)
                    {
                        throw GateErrors.Internal.Create("a streamed result began without its fields");
                    }

                    await sink.FieldsAsync(batch.Fields, cancellationToken).ConfigureAwait(false);
                    fieldsSent = true;
                }

                if (batch.Rows.Count > 0)
                {
                    rows += batch.Rows.Count;
                    await sink.RowsAsync(batch.Rows, cancellationToken).ConfigureAwait(false);
                }
            }

            if (!fieldsSent)
            {
                throw GateErrors.Internal.Create("a streamed result had no fields");
            }
        }
        catch (Exception e)
        {
            Metrics.Error(e);
            Metrics.Observe(plan, session.Keyspace, started, null);
            throw;
        }

        Metrics.Observe(plan, session.Keyspace, started, new Result { RowsAffected = (ulong)rows });
    }
}
