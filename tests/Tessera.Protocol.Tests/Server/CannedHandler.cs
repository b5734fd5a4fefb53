using System.Text;
using System.Text.RegularExpressions;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Payloads;
using Tessera.Protocol.Server;

namespace Tessera.Protocol.Tests.Server;

/// A handler answering a fixed repertoire of statements, enough for real clients (mariadb CLI,
/// MySqlConnector, PyMySQL, sysbench) to run against the server; prepared statements echo their parameters.
internal sealed partial class CannedHandler : IMySqlHandler
{
    public byte[] StoredBlob { get; private set; } = [];
    public int QueryCount;

    private static ColumnDefinition Column(string name, ColumnType type = ColumnType.VarString, ColumnFlags flags = ColumnFlags.None, ushort charset = Collations.Utf8mb4GeneralCi) =>
        new() { Name = name, Type = type, Flags = flags, CharacterSet = charset, ColumnLength = 255 };

    private static readonly ColumnDefinition[] SelectOneColumns = [Column("1", ColumnType.LongLong, ColumnFlags.NotNull | ColumnFlags.Number, Collations.Binary)];
    private static readonly byte[] SelectOneRow = [1, (byte)'1'];

    public ValueTask QueryAsync(MySqlSession session, string sql, MySqlResultWriter result, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref QueryCount);
        // Naive splitting on ';' is enough for the canned repertoire; inserts (which may carry binary
        // literals containing ';') are taken whole.
        var statements = session.MultiStatements && !sql.StartsWith("insert", StringComparison.OrdinalIgnoreCase)
            ? sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(s => s.Length > 0).ToArray()
            : [sql.Trim().TrimEnd(';')];
        if (statements.Length == 0) throw new MySqlErrorException(new MySqlError(1065, "42000", "Query was empty"));
        for (var i = 0; i < statements.Length; i++)
        {
            var more = i < statements.Length - 1;
            try
            {
                Answer(session, statements[i], result, more);
            }
            catch (MySqlErrorException e)
            {
                result.WriteError(e.Error); // a failing statement ends a multi-statement batch
                break;
            }
        }
        return ValueTask.CompletedTask;
    }

    private void Answer(MySqlSession session, string statement, MySqlResultWriter result, bool more)
    {
        var s = statement.ToLowerInvariant();
        if (s == "select 1")
        {
            result.BeginResultSet(SelectOneColumns);
            result.WriteRawRow(SelectOneRow);
            result.EndResultSet(moreResults: more);
        }
        else if (IntSelect().Match(s) is { Success: true } m)
        {
            result.BeginResultSet([Column(m.Groups[1].Value, ColumnType.LongLong, ColumnFlags.NotNull, Collations.Binary)]);
            result.WriteRow(m.Groups[1].Value);
            result.EndResultSet(moreResults: more);
        }
        else if (s.StartsWith("select @@version_comment", StringComparison.Ordinal))
        {
            result.BeginResultSet([Column("@@version_comment")]);
            result.WriteRow("Tessera canned test server");
            result.EndResultSet(moreResults: more);
        }
        else if (s.StartsWith("select database(), user()", StringComparison.Ordinal))
        {
            result.BeginResultSet([Column("DATABASE()"), Column("USER()")]);
            result.WriteRow(session.Database, session.User + "@localhost");
            result.EndResultSet(moreResults: more);
        }
        else if (s.StartsWith("select numbers ", StringComparison.Ordinal))
        {
            var count = int.Parse(s["select numbers ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            result.BeginResultSet([Column("n", ColumnType.Long, ColumnFlags.None, Collations.Binary), Column("name")]);
            for (var n = 0; n < count; n++) result.WriteRow(n.ToString(System.Globalization.CultureInfo.InvariantCulture), n % 10 == 0 ? null : $"name-{n}");
            result.EndResultSet(moreResults: more);
        }
        else if (s == "select blob")
        {
            result.BeginResultSet([Column("b", ColumnType.LongBlob, ColumnFlags.Blob | ColumnFlags.Binary, Collations.Binary)]);
            result.BeginRow();
            result.AppendValue(StoredBlob);
            result.EndRow();
            result.EndResultSet(moreResults: more);
        }
        else if (s.StartsWith("use ", StringComparison.Ordinal))
        {
            result.WriteOk(moreResults: more, schemaChanged: statement[4..].Trim('`', ' '));
        }
        else if (s is "begin" or "start transaction")
        {
            session.InTransaction = true;
            result.WriteOk(moreResults: more);
        }
        else if (s is "commit" or "rollback")
        {
            session.InTransaction = false;
            result.WriteOk(moreResults: more);
        }
        else if (s.StartsWith("set autocommit", StringComparison.Ordinal))
        {
            session.Autocommit = s.EndsWith('1');
            result.WriteOk(moreResults: more);
        }
        else if (s.StartsWith("set ", StringComparison.Ordinal) || s.StartsWith("do ", StringComparison.Ordinal))
        {
            result.WriteOk(moreResults: more);
        }
        else if (s.StartsWith("insert", StringComparison.Ordinal))
        {
            result.WriteOk(affectedRows: 3, lastInsertId: 42, warnings: 1, moreResults: more);
        }
        else if (s.StartsWith("show warnings", StringComparison.Ordinal))
        {
            result.BeginResultSet([Column("Level"), Column("Code", ColumnType.Long), Column("Message")]);
            result.WriteRow("Note", "1000", "canned warning");
            result.EndResultSet(moreResults: more);
        }
        else if (s.StartsWith("select c from sbtest", StringComparison.Ordinal))
        {
            result.BeginResultSet([Column("c", ColumnType.String)]);
            result.WriteRow("83868641912-28773972837-60736120486-75162659906-27563526494-20381887404-41576422241-93426793964-56405065102-33518432330");
            result.EndResultSet(moreResults: more);
        }
        else if (s == "fail")
        {
            throw new MySqlErrorException(new MySqlError(1146, "42S02", "Table 'canned.fail' doesn't exist"));
        }
        else if (s == "crash")
        {
            throw new InvalidOperationException("handler bug");
        }
        else
        {
            throw new MySqlErrorException(new MySqlError(1064, "42000", $"canned server does not know '{statement}'"));
        }
    }

    public ValueTask InitDbAsync(MySqlSession session, string database, CancellationToken cancellationToken)
    {
        if (database == "missing") throw new MySqlErrorException(ProtocolErrors.BadDatabase(database));
        session.Database = database;
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<ColumnDefinition>> FieldListAsync(MySqlSession session, string table, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ColumnDefinition>>([Column("id", ColumnType.LongLong) with { Table = table }, Column("name") with { Table = table }]);

    public ValueTask<PrepareResult> PrepareAsync(MySqlSession session, string sql, CancellationToken cancellationToken)
    {
        var parameters = sql.Count(c => c == '?');
        if (sql.StartsWith("SELECT c FROM sbtest", StringComparison.OrdinalIgnoreCase))
            return ValueTask.FromResult(new PrepareResult(parameters, [Column("c", ColumnType.String)]));
        if (sql.Equals("select blob", StringComparison.OrdinalIgnoreCase))
            return ValueTask.FromResult(new PrepareResult(0, [Column("b", ColumnType.LongBlob, ColumnFlags.Blob | ColumnFlags.Binary, Collations.Binary)]));
        if (sql.StartsWith("bad", StringComparison.OrdinalIgnoreCase))
            throw new MySqlErrorException(new MySqlError(1064, "42000", "canned prepare failure"));
        return ValueTask.FromResult(new PrepareResult(parameters, []));
    }

    /// Echoes the parameters back as one row whose column types are the parameters' types;
    /// 'insert blob ?' stores its parameter; 'select blob' returns it.
    public ValueTask ExecuteAsync(MySqlSession session, PreparedStatement statement, MySqlResultWriter result, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref QueryCount);
        var sql = statement.Sql.ToLowerInvariant();
        if (sql.StartsWith("insert blob", StringComparison.Ordinal))
        {
            StoredBlob = statement.Parameters[0].Raw.ToArray();
            result.WriteOk(affectedRows: 1);
            return ValueTask.CompletedTask;
        }
        if (sql.StartsWith("select c from sbtest", StringComparison.Ordinal) || sql == "select blob")
        {
            Answer(session, sql, result, more: false);
            return ValueTask.CompletedTask;
        }
        if (statement.ParameterCount == 0)
        {
            result.WriteOk();
            return ValueTask.CompletedTask;
        }
        var columns = new ColumnDefinition[statement.ParameterCount];
        for (var i = 0; i < columns.Length; i++)
        {
            var p = statement.Parameters[i];
            var type = p.Type is ColumnType.Null ? ColumnType.VarString : p.Type;
            var binary = type is ColumnType.Blob or ColumnType.TinyBlob or ColumnType.MediumBlob or ColumnType.LongBlob;
            columns[i] = Column($"p{i}", type, p.IsUnsigned ? ColumnFlags.Unsigned : ColumnFlags.None, binary ? Collations.Binary : Collations.Utf8mb4GeneralCi);
        }
        result.BeginResultSet(columns);
        result.BeginRow();
        foreach (var p in statement.Parameters)
        {
            if (p.IsNull) result.AppendNull();
            else if (p.Type is ColumnType.Tiny or ColumnType.Short or ColumnType.Long or ColumnType.LongLong or ColumnType.Int24 or ColumnType.Year
                     or ColumnType.Float or ColumnType.Double or ColumnType.Date or ColumnType.DateTime or ColumnType.Timestamp or ColumnType.Time)
                result.AppendValue(Encoding.ASCII.GetBytes(p.ToText()!));
            else result.AppendValue(p.Raw.Span);
        }
        result.EndRow();
        result.EndResultSet();
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"^select (-?\d+)$")]
    private static partial Regex IntSelect();
}
