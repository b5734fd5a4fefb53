using Tessera.Protocol;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Payloads;
using Tessera.Protocol.Server;

namespace Tessera.Benchmarks.Protocol;

/// Answers `select 1` with a canned row (the end-to-end benchmark's server); anything else is an error.
internal sealed class SelectOneHandler : IMySqlHandler
{
    private static readonly ColumnDefinition[] Columns =
        [new() { Name = "1", Type = ColumnType.LongLong, Flags = ColumnFlags.NotNull | ColumnFlags.Number, CharacterSet = Collations.Binary, ColumnLength = 1 }];

    private static readonly byte[] Row = [1, (byte)'1'];

    public ValueTask QueryAsync(MySqlSession session, string sql, MySqlResultWriter result, CancellationToken cancellationToken)
    {
        if (sql.Equals("select 1", StringComparison.OrdinalIgnoreCase))
        {
            result.BeginResultSet(Columns);
            result.WriteRawRow(Row);
            result.EndResultSet();
        }
        else if (sql.StartsWith("SET ", StringComparison.OrdinalIgnoreCase))
        {
            result.WriteOk();
        }
        else
        {
            result.WriteError(new MySqlError(1064, "42000", $"only 'select 1' is answered here, not '{sql}'"));
        }
        return ValueTask.CompletedTask;
    }
}
