using System.Runtime.CompilerServices;
using Tessera.Gate.Engine;

namespace Tessera.Gate.Executing;

// The session's StreamExecute: outside a transaction and reserved connections only (the executor
// streams nothing else), so each shard's stream runs on the tablet's stream pool.
internal sealed partial class SessionCursor : IStreamCursor
{
    public async IAsyncEnumerable<Result> StreamShardAsync(string keyspace, string shard, BoundQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IReadOnlyList<Field>? fields = null;
        await foreach (var batch in gateway.StreamExecuteAsync(new ShardTarget(keyspace, shard, session.TabletType), query, cancellationToken).ConfigureAwait(false))
        {
            if (batch.Fields.Count > 0)
            {
                fields = batch.Fields;
            }
            else if (fields is not null)
            {
                Retype(batch.Rows, fields);
            }

            yield return batch;
        }
    }

    // A stream's fields come once, in its first message, so the gateway types the values of later
    // messages as VARBINARY. The gate's comparisons (merge-sort, grouping, MIN/MAX) need each
    // column's own type: numbers by value, text by its collation.
    private static void Retype(List<Value[]> rows, IReadOnlyList<Field> fields)
    {
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length && i < fields.Count; i++)
            {
                if (!row[i].IsNull && row[i].Type != fields[i].Type)
                {
                    row[i] = new Value(fields[i].Type, row[i].RawArray);
                }
            }
        }
    }
}
