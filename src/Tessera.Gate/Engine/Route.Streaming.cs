using System.Runtime.CompilerServices;

namespace Tessera.Gate.Engine;

// A Route under `workload = olap`: StreamExecute on each shard, rows handed on as they arrive;
// merge-sorted as they arrive when the query's ORDER BY spans shards; hidden sort columns dropped
// batch by batch.
internal sealed partial class Route : IStreamPrimitive
{
    public bool CanStream => true;

    public async IAsyncEnumerable<Result> StreamAsync(IStreamCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var shards = await Routing.ResolveAsync(cursor, bindVariables, cancellationToken).ConfigureAwait(false);
        if (Routing.Opcode == RouteOpcode.None || shards.Count == 0)
        {
            // Nothing to read (a WHERE that matches nothing, a lookup miss): the columns only, as buffered.
            yield return await ExecuteAsync(cursor, bindVariables, cancellationToken).ConfigureAwait(false);
            yield break;
        }

        var queries = shards.Select(s => (s.Shard, new BoundQuery(Query, s.BindVariables))).ToList();
        var stream = queries.Count == 1 ? cursor.StreamShardAsync(Routing.Keyspace, queries[0].Shard, queries[0].Item2, cancellationToken)
            : OrderBy.Count > 0 ? ShardStreams.MergeSortAsync(cursor, Routing.Keyspace, queries, OrderBy, cancellationToken)
            : ShardStreams.ConcatenateAsync(cursor, Routing.Keyspace, queries, cancellationToken);
        var visible = -1;
        await foreach (var batch in stream.ConfigureAwait(false))
        {
            if (HiddenColumns == 0)
            {
                yield return batch;
                continue;
            }

            // The first batch carries the fields, so the visible width is known before any row.
            if (visible < 0)
            {
                visible = batch.Fields.Count - HiddenColumns;
            }

            yield return Streaming.Truncate(batch, visible);
        }
    }
}
