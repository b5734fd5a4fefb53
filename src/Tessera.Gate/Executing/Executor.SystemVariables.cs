using Tessera.Gate.Engine;
using Tessera.Gate.Planning;

namespace Tessera.Gate.Executing;

// SET of a system variable the tablets must see (SystemVariables): kept in the session as the SET
// statement to replay, and run at once on the connections the session already has reserved.
// MySQL 8 spellings are turned into MariaDB's (transaction_isolation → tx_isolation).
internal sealed partial class Executor
{
    private async ValueTask CarryAsync(GateSession session, string name, Expression value, CancellationToken cancellationToken)
    {
        // A bare word (`set sql_mode = traditional`, `set time_zone = system`) is the value's name.
        var text = value is ColumnName { Table: null } word ? "'" + word.Name.Replace("'", "''", StringComparison.Ordinal) + "'" : AstFacts.Text(value);
        await CarryStatementAsync(session, name, $"set @@session.{name} = {text}", cancellationToken).ConfigureAwait(false);
    }

    // SET SESSION TRANSACTION ISOLATION LEVEL ...: the session's level from now on (MySqlConnector
    // sends it before each BEGIN). Without SESSION it is for the next transaction only, and READ
    // ONLY / READ WRITE, neither of which the gate tracks: accepted and not applied.
    private static Result SetTransaction(GateSession session, SetTransaction set)
    {
        if (set.Scope == VariableScope.Session)
        {
            foreach (var c in set.Characteristics)
            {
                var text = c.ToLowerInvariant();
                if (text.StartsWith("isolation level ", StringComparison.Ordinal))
                {
                    session.IsolationLevel = Isolation(text["isolation level ".Length..]);
                }
            }
        }

        return new Result();
    }

    // tx_isolation / transaction_isolation ('READ-COMMITTED'); tx_read_only is accepted, not applied.
    private static void SetTransactionVariable(GateSession session, string name, Value value)
    {
        var text = (value.ToText() ?? "").Trim().ToLowerInvariant();
        if (name.EndsWith("read_only", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        session.IsolationLevel = Isolation(text.Replace('-', ' '));
    }

    private static string Isolation(string level) =>
        level.Trim() is "read uncommitted" or "read committed" or "repeatable read" or "serializable" ? level.Trim()
            : throw Errors.GateErrors.WrongArguments.Create($"unknown transaction isolation level: {level}");

    private async ValueTask CarryStatementAsync(GateSession session, string name, string statement, CancellationToken cancellationToken)
    {
        List<KeyValuePair<ShardTarget, (long ReservedId, string Alias)>> held;
        lock (session.Reserved)
        {
            held = [.. session.Reserved];
        }

        // Run where the session already holds connections first: a value MariaDB refuses fails
        // the SET and is not kept.
        foreach (var (target, (id, alias)) in held)
        {
            await gateway.ExecuteOnAsync(alias, target, new BoundQuery(statement, BoundQuery.NoBindVariables), 0, id, cancellationToken).ConfigureAwait(false);
        }

        var at = session.PreQueries.FindIndex(p => p.Name == name);
        if (at >= 0)
        {
            session.PreQueries[at] = (name, statement);
        }
        else
        {
            session.PreQueries.Add((name, statement));
        }
    }

    // The session ends: its reserved connections are given back (the tablet closes them, so their
    // state reaches no one else); a transaction still open on them is rolled back with them.
    public async ValueTask ReleaseReservedAsync(GateSession session)
    {
        if (session.ShardSessions.Count > 0)
        {
            try
            {
                await RollbackAsync(session, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Protocol.MySqlErrorException or Errors.GateException or Grpc.Core.RpcException)
            {
                // Released below (reserved) or ended by the tablet's transaction timeout.
            }
        }

        List<KeyValuePair<ShardTarget, (long ReservedId, string Alias)>> held;
        lock (session.Reserved)
        {
            held = [.. session.Reserved];
            session.Reserved.Clear();
        }

        foreach (var (target, (id, alias)) in held)
        {
            try
            {
                await gateway.ReleaseOnAsync(alias, target, id, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Protocol.MySqlErrorException or Errors.GateException or Grpc.Core.RpcException)
            {
                // The tablet ends it anyway when the connection times out or the tablet stops.
            }
        }
    }
}
