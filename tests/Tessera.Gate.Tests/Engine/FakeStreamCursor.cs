using System.Runtime.CompilerServices;
using Tessera.Gate.Engine;
using Tessera.Keys;
using Tessera.Vindexes;

namespace Tessera.Gate.Tests.Engine;

// A FakeVCursor that also streams: a shard's answer (the same handler's) comes as a fields-only
// batch, then its rows `rowsPerBatch` at a time, as a tablet's StreamExecute sends them. A shard
// may instead stream from `Source` (endless streams, failures). It counts the batches each shard
// has sent and whether its stream was left early (disposed before its end).
internal sealed class FakeStreamCursor(FakeVCursor inner, int rowsPerBatch) : IStreamCursor
{
    public Func<string, string, BoundQuery, IAsyncEnumerable<Result>>? Source { get; init; }

    public Dictionary<string, int> BatchesSent { get; } = new(StringComparer.Ordinal);

    public HashSet<string> LeftEarly { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Ended { get; } = new(StringComparer.Ordinal);

    public int Executions => inner.Log.Count;

    public ILookupQuery? LookupQuery => inner.LookupQuery;

    public string? CurrentKeyspace => inner.CurrentKeyspace;

    public ulong LastInsertId
    {
        get => inner.LastInsertId;
        set => inner.LastInsertId = value;
    }

    public ValueTask<DestinationResolver> ResolverAsync(string keyspace, CancellationToken cancellationToken) => inner.ResolverAsync(keyspace, cancellationToken);

    public ValueTask<IReadOnlyList<Result>> ExecuteMultiShardAsync(string keyspace, IReadOnlyList<(string Shard, BoundQuery Query)> queries, bool isDml, CancellationToken cancellationToken) =>
        inner.ExecuteMultiShardAsync(keyspace, queries, isDml, cancellationToken);

    public async IAsyncEnumerable<Result> StreamShardAsync(string keyspace, string shard, BoundQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var source = Source?.Invoke(keyspace, shard, query) ?? Batches(keyspace, shard, query);
        var ended = false;
        try
        {
            await foreach (var batch in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                lock (BatchesSent)
                {
                    BatchesSent[shard] = BatchesSent.GetValueOrDefault(shard) + 1;
                }

                await Task.Yield();
                yield return batch;
            }

            ended = true;
        }
        finally
        {
            lock (BatchesSent)
            {
                (ended ? Ended : LeftEarly).Add(shard);
            }
        }
    }

    private async IAsyncEnumerable<Result> Batches(string keyspace, string shard, BoundQuery query)
    {
        var whole = (await inner.ExecuteMultiShardAsync(keyspace, [(shard, query)], isDml: false, CancellationToken.None))[0];
        yield return new Result(whole.Fields, []);
        for (var i = 0; i < whole.Rows.Count; i += rowsPerBatch)
        {
            yield return new Result([], whole.Rows.GetRange(i, Math.Min(rowsPerBatch, whole.Rows.Count - i)));
        }
    }
}
