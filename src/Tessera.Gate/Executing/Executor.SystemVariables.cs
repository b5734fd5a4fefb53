using Tessera.Gate.Engine;
using Tessera.Gate.Planning;
using Tessera.Keys;

namespace Tessera.Gate.Executing;

// SET of a system variable the tablets must see (SystemVariables): kept in the session as the SET
// statement to replay, and run at once on the connections the session already has reserved.
// MySQL 8 spellings are turned into MariaDB's (transaction_isolation → tx_isolation).
internal sealed partial class Executor
{
    private async ValueTask CarryAsync(GateSession session, string name, Expression value, CancellationToken cancellationToken)
    {
        // `= DEFAULT` is what the pooled connections have: nothing to carry until a value was.
        if (value is DefaultExpr && !session.PreQueries.Exists(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        // A bare word (`set sql_mode = traditional`, `set time_zone = system`) is the value's name.
        var text = value is ColumnName { Table: null } word ? "'" + word.Name.Replace("'", "''", StringComparison.Ordinal) + "'" : AstFacts.Text(value);
        name = name.ToLowerInvariant();
        await CarryStatementAsync(session, name, $"set @@session.{name} = {text}", cancellationToken).ConfigureAwait(false);
    }

    // SET NAMES / SET CHARACTER SET / character_set_client, _results, _connection,
    // collation_connection: tracked in the session (ConnectionCharsets) and carried to the tablets as
    // one statement only once they differ from the pooled connections' utf8mb4; set back to that,
    // the reserved connections are set back too.
    private async ValueTask SetCharsetsAsync(GateSession session, ConnectionCharsets charsets, CancellationToken cancellationToken)
    {
        if (charsets.IsDefault && !session.PreQueries.Exists(p => p.Name == CharsetsPreQuery))
        {
            session.Charsets = charsets;
            return;
        }

        await CarryStatementAsync(session, CharsetsPreQuery, charsets.Statement, cancellationToken).ConfigureAwait(false);
        session.Charsets = charsets;
    }

    // `= utf8mb4`, `= 'latin1'`, `= DEFAULT` (the server's: utf8mb4), `= NULL` (results only).
    private static string? CharsetValue(Expression expr, Value value) => expr switch
    {
        DefaultExpr => "default",
        _ => value.ToText(),
    };

    // The front end reads query text and string parameters as UTF-8 whatever the session's
    // character_set_client: under another one (latin1, ...) non-ASCII text would reach the shards
    // changed, so it is refused by name instead; ASCII reads the same in every such character set.
    private static void RefuseNonUtf8Text(GateSession session, string sql, IReadOnlyList<Value>? parameters)
    {
        if (session.Charsets.Client is "utf8mb4" or "utf8mb3")
        {
            return;
        }

        var nonAscii = sql.AsSpan().ContainsAnyExceptInRange('\0', '\x7f');
        for (var i = 0; !nonAscii && parameters is not null && i < parameters.Count; i++)
        {
            nonAscii = parameters[i].IsText && parameters[i].Raw.ContainsAnyExceptInRange((byte)0, (byte)0x7f);
        }

        if (nonAscii)
        {
            throw Errors.GateErrors.UnsupportedError($"non-ASCII text with character_set_client {session.Charsets.Client} (the gate reads queries as utf8mb4; use SET NAMES utf8mb4)");
        }
    }

    // The handshake's collation sets the session's character sets at connect, as MariaDB does (and
    // again on COM_RESET_CONNECTION). utf8mb4 in any collation is left as the pooled connections'
    // own (MariaDB 10.11 does not know MySQL 8's utf8mb4_0900_ai_ci, which MySQL clients send), so
    // only a client asking for another character set (`mariadb --default-character-set=latin1`)
    // gets it carried to the tablets, no tablet asked now (the session may have no keyspace yet).
    public static void ApplyHandshakeCollation(GateSession session, byte collationId)
    {
        if (Protocol.Constants.Collations.NameOf(collationId) is not { } name || name.StartsWith("utf8mb4_", StringComparison.Ordinal))
        {
            return;
        }

        var charsets = ConnectionCharsets.Default.Names(Protocol.Constants.Collations.CharsetOf(collationId), name);
        session.Charsets = charsets;
        session.PreQueries.RemoveAll(p => p.Name == CharsetsPreQuery);
        session.PreQueries.Add((CharsetsPreQuery, charsets.Statement));
    }

    private const string CharsetsPreQuery = "character sets";

    private static ConnectionCharsets Charsets(GateSession session, SetItem item) => item switch
    {
        SetNames n => session.Charsets.Names(n.Charset, n.Collation),
        SetCharset c => session.Charsets.CharacterSet(c.Charset),
        _ => session.Charsets,
    };

    // SET SESSION TRANSACTION ISOLATION LEVEL ... / READ ONLY | READ WRITE: the session's from now
    // on (MySqlConnector sends the level before each BEGIN). Without SESSION: for the next
    // transaction only (GateSession.NextTransaction), refused inside one as MariaDB does.
    private static Result SetTransaction(GateSession session, SetTransaction set)
    {
        string? isolation = null;
        bool? readOnly = null;
        foreach (var c in set.Characteristics)
        {
            var text = c.ToLowerInvariant();
            if (text.StartsWith("isolation level ", StringComparison.Ordinal))
            {
                isolation = Isolation(text["isolation level ".Length..]);
            }
            else
            {
                readOnly = text == "read only";
            }
        }

        switch (set.Scope)
        {
            case VariableScope.Session or VariableScope.Local:
                session.IsolationLevel = isolation ?? session.IsolationLevel;
                session.ReadOnly = readOnly ?? session.ReadOnly;
                break;
            case VariableScope.None:
                if (session.InTransaction)
                {
                    throw Errors.GateErrors.TransactionInProgress.Create("Transaction characteristics can't be changed while a transaction is in progress");
                }

                var next = session.NextTransaction;
                session.NextTransaction = (isolation ?? next?.Isolation, readOnly ?? next?.ReadOnly);
                break;
            default:
                throw Errors.GateErrors.NotSupportedByDesign.Create("SET GLOBAL TRANSACTION through the gate: set it on the tablets' MariaDB");
        }

        return new Result();
    }

    // tx_isolation / transaction_isolation ('READ-COMMITTED'), tx_read_only / transaction_read_only
    // (MariaDB 10.11 knows only the tx_ spellings; the gate takes both).
    private static void SetTransactionVariable(GateSession session, string name, Value value)
    {
        var text = (value.ToText() ?? "").Trim().ToLowerInvariant();
        if (name.EndsWith("read_only", StringComparison.OrdinalIgnoreCase))
        {
            session.ReadOnly = text switch
            {
                "1" or "on" or "true" => true,
                "0" or "off" or "false" => false,
                _ => throw Errors.GateErrors.WrongArguments.Create($"Variable '{name}' can't be set to the value of '{value.ToText()}'"),
            };
            return;
        }

        session.IsolationLevel = Isolation(text.Replace('-', ' '));
    }

    // A statement that writes (DML, DDL, SELECT ... FOR UPDATE) in a read-only transaction or
    // session: MariaDB's own error, from the gate, before anything reaches a shard. `statement`
    // null: DDL the gate passes on as text.
    private static void RefuseWriteIfReadOnly(GateSession session, Statement? statement)
    {
        if (!session.WritesRefused)
        {
            return;
        }

        var writes = statement switch
        {
            null or Sql.Ast.Statements.Insert or Update or Delete => true,
            QueryStatement q => q.Lock is { } l && l.Contains("update", StringComparison.OrdinalIgnoreCase),
            AlterTable or CreateTable or CreateDatabase or CreateIndex or CreateView or AlterDatabase or DropTable or DropView or DropDatabase or DropIndex or RenameTable or TruncateTable => true,
            _ => false,
        };
        if (writes)
        {
            throw Errors.GateErrors.ReadOnlyTransaction.Create("Cannot execute statement in a READ ONLY transaction");
        }
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

        var preQueries = new List<(string Name, string Statement)>(session.PreQueries);
        var at = preQueries.FindIndex(p => p.Name == name);
        if (at >= 0)
        {
            preQueries[at] = (name, statement);
        }
        else
        {
            preQueries.Add((name, statement));
        }

        if (held.Count == 0)
        {
            await ReserveFirstAsync(session, preQueries, cancellationToken).ConfigureAwait(false);
        }

        session.PreQueries.Clear();
        session.PreQueries.AddRange(preQueries);
    }

    // With nothing reserved yet, one shard of the session's keyspace is reserved now with the new
    // SET statements: a value MariaDB refuses (an unknown time zone or character set) fails this
    // SET with MariaDB's error, as it would on one server, instead of every later query. The
    // connection is the one the session's next query there would reserve anyway.
    private async ValueTask ReserveFirstAsync(GateSession session, List<(string Name, string Statement)> preQueries, CancellationToken cancellationToken)
    {
        if (session.Keyspace is not { } keyspace)
        {
            return;
        }

        var shard = session.Destination is DestinationShard d ? d.Shard
            : (await gateway.ServingShardsAsync(keyspace, session.TabletType, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        if (shard is null)
        {
            return;
        }

        var target = new ShardTarget(keyspace, shard, session.TabletType);
        var (reservedId, alias, _) = await gateway.ReserveExecuteAsync(target, [.. preQueries.Select(p => p.Statement)], new BoundQuery("select 1", BoundQuery.NoBindVariables), cancellationToken).ConfigureAwait(false);
        lock (session.Reserved)
        {
            session.Reserved[target] = (reservedId, alias);
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
