using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Tessera.Gate.Engine;

// Reads the shards' streams of a streaming Route, all at once, each through a small bounded queue:
// when the client reads slowly the queues fill, the readers stop asking, and gRPC flow control
// holds the tablets back, so the gate holds a few batches per shard whatever the result's size.
// Leaving the enumeration early (LIMIT reached, client gone, error) cancels every shard's stream.
internal static class ShardStreams
{
    // Batches (about 256 KiB each from a tablet) queued per shard beyond the one being merged.
    public const int BatchesPerShard = 2;

    // Rows in the order they arrive (no ORDER BY across shards); the first batch carries the fields.
    public static async IAsyncEnumerable<Result> ConcatenateAsync(IStreamCursor cursor, string keyspace, IReadOnlyList<(string Shard, BoundQuery Query)> queries,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<Result>(new BoundedChannelOptions(BatchesPerShard * queries.Count) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producers = Task.WhenAll(queries.Select(q => Task.Run(() => PumpAsync(cursor, keyspace, q, channel.Writer, completeAtEnd: false, stop.Token), stop.Token)));
        _ = producers.ContinueWith(t => channel.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
        try
        {
            var fieldsSent = false;
            while (await channel.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var batch))
                {
                    // Every shard's stream starts with its fields, so rows never come before the first fields.
                    if (!fieldsSent && batch.Fields.Count > 0)
                    {
                        fieldsSent = true;
                        yield return batch;
                    }
                    else if (batch.Rows.Count > 0)
                    {
                        yield return new Result([], batch.Rows);
                    }
                }
            }

            if (!fieldsSent)
            {
                throw Errors.GateErrors.Internal.Create($"streaming from {queries.Count} shards of {keyspace} returned no fields");
            }
        }
        finally
        {
            await StopAsync(stop, producers).ConfigureAwait(false);
        }
    }

    // A k-way merge of shards' streams that each come sorted by `keys` (the pushed ORDER BY), as
    // MergeSort.Merge does on whole results: the same comparison, ties kept in shard order, so
    // streamed and buffered answers are identical. A merged batch is handed on whenever a shard's
    // batch is used up, before waiting for that shard's next one.
    public static async IAsyncEnumerable<Result> MergeSortAsync(IStreamCursor cursor, string keyspace, IReadOnlyList<(string Shard, BoundQuery Query)> queries,
        IReadOnlyList<OrderByParam> keys, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var n = queries.Count;
        var channels = new Channel<Result>[n];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producers = new Task[n];
        for (var i = 0; i < n; i++)
        {
            var channel = channels[i] = Channel.CreateBounded<Result>(new BoundedChannelOptions(BatchesPerShard) { SingleReader = true, SingleWriter = true });
            var q = queries[i];
            producers[i] = Task.Run(() => PumpAsync(cursor, keyspace, q, channel.Writer, completeAtEnd: true, stop.Token), stop.Token);
        }

        try
        {
            var heads = new ShardHead[n];
            IReadOnlyList<Field>? fields = null;
            var queue = new PriorityQueue<int, (Value[] Row, int Shard)>(n, MergeSort.RowOrder(keys));
            for (var i = 0; i < n; i++)
            {
                heads[i] = new ShardHead(channels[i].Reader);
                if (await heads[i].NextBatchAsync(stop.Token).ConfigureAwait(false))
                {
                    queue.Enqueue(i, (heads[i].Row, i));
                }

                fields ??= heads[i].Fields;
            }

            yield return new Result(fields ?? throw Errors.GateErrors.Internal.Create($"streaming from {n} shards of {keyspace} returned no fields"), []);
            var output = new List<Value[]>();
            while (queue.TryDequeue(out var shard, out var head))
            {
                output.Add(head.Row);
                var h = heads[shard];
                if (h.Advance())
                {
                    queue.Enqueue(shard, (h.Row, shard));
                    continue;
                }

                // This shard's batch is used up: hand on what is merged before maybe waiting for it.
                yield return new Result([], output);
                output = [];
                if (await h.NextBatchAsync(stop.Token).ConfigureAwait(false))
                {
                    queue.Enqueue(shard, (h.Row, shard));
                }
            }
        }
        finally
        {
            await StopAsync(stop, Task.WhenAll(producers)).ConfigureAwait(false);
        }
    }

    private static async Task PumpAsync(IStreamCursor cursor, string keyspace, (string Shard, BoundQuery Query) query, ChannelWriter<Result> writer, bool completeAtEnd, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in cursor.StreamShardAsync(keyspace, query.Shard, query.Query, cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            // The reader sees the first shard's error at once, whichever shard it waits for.
            writer.TryComplete(e);
            throw;
        }

        if (completeAtEnd)
        {
            writer.TryComplete();
        }
    }

    // Cancels the shard streams still running and waits for them to end, so no tablet call outlives
    // the query; their errors (cancellations, or one the reader has already seen) end here.
    private static async Task StopAsync(CancellationTokenSource stop, Task producers)
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await producers.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already surfaced through the channel, or a cancellation we asked for.
        }
    }

    // One shard's position in a merge: its current batch and the row at the front.
    private sealed class ShardHead(ChannelReader<Result> reader)
    {
        private List<Value[]> _rows = [];
        private int _position;

        public IReadOnlyList<Field>? Fields { get; private set; }

        public Value[] Row => _rows[_position];

        public bool Advance() => ++_position < _rows.Count;

        // Waits for the shard's next batch with rows; false when its stream has ended.
        public async ValueTask<bool> NextBatchAsync(CancellationToken cancellationToken)
        {
            _rows = [];
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var batch))
                {
                    if (Fields is null && batch.Fields.Count > 0)
                    {
                        Fields = batch.Fields;
                    }

                    if (batch.Rows.Count > 0)
                    {
                        _rows = batch.Rows;
                        _position = 0;
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
