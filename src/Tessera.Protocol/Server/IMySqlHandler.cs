using Tessera.Protocol.Payloads;

namespace Tessera.Protocol.Server;

/// What the server asks of its host (the gate, or a test's canned handler). Throw
/// MySqlErrorException to answer a command with that error; the session continues.
/// Any other exception answers ER_UNKNOWN_ERROR and is logged as a bug.
public interface IMySqlHandler
{
    /// After authentication (and COM_INIT_DB of the handshake's database); may reject by throwing.
    ValueTask OnConnectedAsync(MySqlSession session, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    void OnDisconnected(MySqlSession session)
    {
    }

    /// COM_QUERY: answer with result sets, OKs or an error on the writer. With multi-statements,
    /// the handler splits the text and passes moreResults for all but the last result.
    ValueTask QueryAsync(MySqlSession session, string sql, MySqlResultWriter result, CancellationToken cancellationToken);

    /// COM_INIT_DB (and the handshake's database): throw MySqlErrorException for an unknown one.
    ValueTask InitDbAsync(MySqlSession session, string database, CancellationToken cancellationToken)
    {
        session.Database = database;
        return ValueTask.CompletedTask;
    }

    /// COM_FIELD_LIST (deprecated, still sent by the mariadb CLI with auto-rehash): the table's columns.
    ValueTask<IReadOnlyList<ColumnDefinition>> FieldListAsync(MySqlSession session, string table, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ColumnDefinition>>([]);

    /// COM_STMT_PREPARE: how many parameters and which result columns the statement has.
    ValueTask<PrepareResult> PrepareAsync(MySqlSession session, string sql, CancellationToken cancellationToken) =>
        throw new MySqlErrorException(ProtocolErrors.NotSupportedYet("prepared statements"));

    /// COM_STMT_EXECUTE: statement.Parameters hold this execution's values (valid during the call).
    ValueTask ExecuteAsync(MySqlSession session, PreparedStatement statement, MySqlResultWriter result, CancellationToken cancellationToken) =>
        throw new MySqlErrorException(ProtocolErrors.NotSupportedYet("prepared statements"));

    /// COM_RESET_CONNECTION: forget session state (transactions, variables); prepared statements are already dropped.
    ValueTask ResetConnectionAsync(MySqlSession session, CancellationToken cancellationToken)
    {
        session.InTransaction = false;
        session.Autocommit = true;
        return ValueTask.CompletedTask;
    }

    /// COM_STATISTICS: a one-line human-readable status.
    string Statistics(MySqlSession session) => "Uptime: 0  Threads: 1  Questions: 0  Slow queries: 0  Opens: 0  Open tables: 0  Queries per second avg: 0.000";
}

public sealed record PrepareResult(int ParameterCount, IReadOnlyList<ColumnDefinition> Columns);
