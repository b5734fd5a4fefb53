using System.Runtime.CompilerServices;
using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Gate.Executing;
using Tessera.Protocol;
using Tessera.Protocol.Server;
using Tessera.Sql;

namespace Tessera.Gate.FrontEnd;

// The MySQL protocol front end: COM_QUERY (several statements when the client allows it),
// COM_INIT_DB and prepared statements, each run by the executor for that connection's session.
// Errors become ERR packets with their MySQL number and SQLSTATE; the connection stays usable.
internal sealed partial class GateHandler(Executor executor) : IMySqlHandler
{
    // The handshake's database arrives through InitDbAsync before this; the session may exist.
    public ValueTask OnConnectedAsync(MySqlSession session, CancellationToken cancellationToken)
    {
        Executor.ApplyHandshakeCollation((GateSession)(session.State ??= new GateSession()), session.CharacterSet);
        return ValueTask.CompletedTask;
    }

    public void OnDisconnected(MySqlSession session)
    {
        if (session.State is GateSession { PreQueries.Count: > 0 } reserved)
        {
            // Releasing the reserved connections also rolls back a transaction left open on them.
            _ = executor.ReleaseReservedAsync(reserved).AsTask();
            return;
        }

        if (session.State is GateSession { InTransaction: true } gs)
        {
            // Roll back what the client left open; nobody waits for the answer.
            _ = Guard(() => executor.ExecuteAsync(gs, "rollback", null, CancellationToken.None));
        }
    }

    public async ValueTask QueryAsync(MySqlSession session, string sql, MySqlResultWriter result, CancellationToken cancellationToken)
    {
        var gs = (GateSession)session.State!;
        if (gs.Olap && !(session.MultiStatements && sql.Contains(';', StringComparison.Ordinal)))
        {
            await StreamQueryAsync(session, gs, sql, result, cancellationToken).ConfigureAwait(false);
            return;
        }

        IReadOnlyList<string> texts = [sql];
        if (session.MultiStatements && sql.Contains(';', StringComparison.Ordinal))
        {
            try
            {
                texts = [.. SqlParser.ParseMultiple(sql).Select(s => s.ToString())];
            }
            catch (SqlSyntaxException)
            {
                texts = [sql];
            }
        }

        for (var i = 0; i < texts.Count; i++)
        {
            var r = await Guard(() => executor.ExecuteAsync(gs, texts[i], null, cancellationToken)).ConfigureAwait(false);
            Sync(session, gs);
            Write(r, result, moreResults: i < texts.Count - 1);
        }
    }

    public async ValueTask InitDbAsync(MySqlSession session, string database, CancellationToken cancellationToken)
    {
        var gs = (GateSession)(session.State ??= new GateSession());
        await Guard(() => executor.ExecuteAsync(gs, new Sql.Ast.Statements.UseStatement(database), null, cancellationToken)).ConfigureAwait(false);
        session.Database = gs.Keyspace;
    }

    // COM_STMT_PREPARE must announce the result columns: C clients (libmariadb under sysbench)
    // size their buffers from them and otherwise leave an execute's rows unread ("Commands out of
    // sync" on the next statement). Like Vitess's prepare-time field query, a SELECT (not a locking
    // one) is run once with every parameter bound to 0 and its fields are the statement's columns.
    public async ValueTask<PrepareResult> PrepareAsync(MySqlSession session, string sql, CancellationToken cancellationToken)
    {
        Sql.Ast.Statements.Statement parsed;
        var count = 0;
        try
        {
            parsed = SqlParser.Parse(sql).Rewrite(new Planning.ExpressionReplacer(e =>
            {
                if (e is Sql.Ast.Expressions.Parameter)
                {
                    count++;
                }

                return null;
            }, visitSubqueries: true));
        }
        catch (SqlSyntaxException e)
        {
            throw new MySqlErrorException(new MySqlError(SqlSyntaxException.ErrorNumber, SqlSyntaxException.SqlState, e.Message));
        }

        if (parsed is not Sql.Ast.Statements.QueryStatement { Lock: null } || session.State is not GateSession gs)
        {
            return new PrepareResult(count, []);
        }

        var zeros = Enumerable.Repeat(Value.FromInt64(0), count).ToList();
        if (gs.Olap && await Guard(() => executor.StreamFieldsAsync(gs, sql, zeros, cancellationToken)).ConfigureAwait(false) is { } streamed)
        {
            return new PrepareResult(count, [.. streamed.Select(ColumnTypes.ToColumn)]);
        }

        var r = await Guard(() => executor.ExecuteAsync(gs, sql, zeros, cancellationToken)).ConfigureAwait(false);
        return new PrepareResult(count, [.. r.Fields.Select(ColumnTypes.ToColumn)]);
    }

    public async ValueTask ExecuteAsync(MySqlSession session, PreparedStatement statement, MySqlResultWriter result, CancellationToken cancellationToken)
    {
        var gs = (GateSession)session.State!;
        var parameters = new Value[statement.Parameters.Count];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = ToValue(statement.Parameters[i]);
        }

        var state = statement.State as StrongBox<object?> ?? (StrongBox<object?>)(statement.State = new StrongBox<object?>());
        if (gs.Olap)
        {
            await StreamPreparedAsync(session, gs, statement, parameters, state, result, cancellationToken).ConfigureAwait(false);
            return;
        }

        var r = await Guard(() => executor.ExecutePreparedAsync(gs, statement.Sql, parameters, state, cancellationToken)).ConfigureAwait(false);
        Sync(session, gs);
        Write(r, result, moreResults: false);
    }

    public ValueTask ResetConnectionAsync(MySqlSession session, CancellationToken cancellationToken)
    {
        var old = (GateSession)session.State!;
        OnDisconnected(session);
        session.State = new GateSession { Keyspace = old.Keyspace, Destination = old.Destination, TabletType = old.TabletType };
        Executor.ApplyHandshakeCollation((GateSession)session.State, session.CharacterSet);
        session.InTransaction = false;
        session.Autocommit = true;
        return ValueTask.CompletedTask;
    }

    private static Value ToValue(BinaryParameter p)
    {
        var o = p.ToObject();
        return o switch
        {
            null => Value.Null,
            long l => Value.FromInt64(l),
            ulong u => Value.FromUInt64(u),
            double d => Value.FromDouble(d),
            float f => Value.FromDouble(f),
            byte[] b => Value.FromBytes(b),
            string s => Value.FromString(s),
            _ => Value.FromString(p.ToText() ?? ""),
        };
    }

    private static void Sync(MySqlSession session, GateSession gs)
    {
        session.InTransaction = gs.InTransaction;
        session.Autocommit = gs.Autocommit;
        session.Database = gs.Keyspace;
    }

    private static void Write(Result r, MySqlResultWriter w, bool moreResults)
    {
        if (r.Fields.Count == 0)
        {
            w.WriteOk(r.RowsAffected, r.InsertId, moreResults: moreResults);
            return;
        }

        w.BeginResultSet([.. r.Fields.Select(ColumnTypes.ToColumn)]);
        foreach (var row in r.Rows)
        {
            w.BeginRow();
            foreach (var v in row)
            {
                if (v.IsNull)
                {
                    w.AppendNull();
                }
                else
                {
                    w.AppendValue(v.Raw);
                }
            }

            w.EndRow();
        }

        w.EndResultSet(moreResults: moreResults);
    }

    // Every error a client can cause becomes a MySQL error packet for that command.
    private static async ValueTask<T> Guard<T>(Func<ValueTask<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (GateException e)
        {
            throw new MySqlErrorException(e.ToMySqlError(), e);
        }
        catch (SqlSyntaxException e)
        {
            throw new MySqlErrorException(new MySqlError(SqlSyntaxException.ErrorNumber, SqlSyntaxException.SqlState, e.Message), e);
        }
        catch (Tessera.Keys.ShardResolutionException e)
        {
            throw new MySqlErrorException(GateErrors.ShardNotFound.ToMySqlError(e.Message), e);
        }
        catch (Tessera.Vindexes.VindexException e)
        {
            throw new MySqlErrorException(GateErrors.NoKeyspaceId.ToMySqlError(e.Message), e);
        }
    }
}
