using System.Runtime.CompilerServices;
using Tessera.Gate.Engine;
using Tessera.Gate.Executing;
using Tessera.Protocol.Server;

namespace Tessera.Gate.FrontEnd;

// COM_QUERY and COM_STMT_EXECUTE under `set workload = olap`: rows are written and flushed batch by
// batch as the shards send them (the executor decides whether the query can stream; if not, its
// result is written whole).
internal sealed partial class GateHandler
{
    private async ValueTask StreamQueryAsync(MySqlSession session, GateSession gs, string sql, MySqlResultWriter result, CancellationToken cancellationToken)
    {
        var sink = new WriterSink(result);
        var r = await Guard(() => executor.StreamExecuteAsync(gs, sql, sink, cancellationToken)).ConfigureAwait(false);
        Sync(session, gs);
        if (r is not null)
        {
            Write(r, result, moreResults: false);
        }
        else
        {
            result.EndResultSet();
        }
    }

    // COM_STMT_EXECUTE under olap: the same streaming, written as binary rows (the writer converts).
    private async ValueTask StreamPreparedAsync(MySqlSession session, GateSession gs, PreparedStatement statement, IReadOnlyList<Value> parameters, StrongBox<object?> state,
        MySqlResultWriter result, CancellationToken cancellationToken)
    {
        var sink = new WriterSink(result);
        var r = await Guard(() => executor.StreamExecutePreparedAsync(gs, statement.Sql, parameters, state, sink, cancellationToken)).ConfigureAwait(false);
        Sync(session, gs);
        if (r is not null)
        {
            Write(r, result, moreResults: false);
        }
        else
        {
            result.EndResultSet();
        }
    }

    private sealed class WriterSink(MySqlResultWriter writer) : IRowSink
    {
        public ValueTask FieldsAsync(IReadOnlyList<Field> fields, CancellationToken cancellationToken)
        {
            writer.BeginResultSet([.. fields.Select(ColumnTypes.ToColumn)]);
            return ValueTask.CompletedTask;
        }

        public async ValueTask RowsAsync(IReadOnlyList<Value[]> rows, CancellationToken cancellationToken)
        {
            foreach (var row in rows)
            {
                writer.BeginRow();
                foreach (var v in row)
                {
                    if (v.IsNull)
                    {
                        writer.AppendNull();
                    }
                    else
                    {
                        writer.AppendValue(v.Raw);
                    }
                }

                writer.EndRow();
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
