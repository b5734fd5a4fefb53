using System.Globalization;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Tessera.Gate.Engine;
using Tessera.Keys;
using Tessera.Vindexes;
using QType = Tessera.Rpc.Query.Type;

namespace Tessera.Benchmarks.Gate;

// The gate's merge-sort of a scatter ORDER BY: buffered (MergeSort.Merge over whole results) and
// streamed (ShardStreams.MergeSortAsync over the shards' batches, through its bounded per-shard
// queues), 4 shards × 25 000 rows (id, text) in batches of 500 rows, tablets answered in memory.
[MemoryDiagnoser]
public class StreamMergeBenchmarks
{
    private const int Shards = 4;
    private const int RowsPerShard = 25_000;
    private const int RowsPerBatch = 500;

    private static readonly OrderByParam[] Keys = [new(0, false)];

    private List<Result> _whole = null!;
    private BatchCursor _cursor = null!;
    private List<(string Shard, BoundQuery Query)> _queries = null!;

    [GlobalSetup]
    public void Setup()
    {
        IReadOnlyList<Field> fields = [new Field("id", QType.Int64), new Field("c", QType.Varchar)];
        _whole = [];
        for (var s = 0; s < Shards; s++)
        {
            var rows = new List<Value[]>(RowsPerShard);
            for (var i = 0; i < RowsPerShard; i++)
            {
                var id = (i * Shards) + s;
                rows.Add([Value.FromInt64(id), Value.FromString("c-" + id.ToString("D11", CultureInfo.InvariantCulture))]);
            }

            _whole.Add(new Result(fields, rows));
        }

        _cursor = new BatchCursor(_whole);
        _queries = [.. Enumerable.Range(0, Shards).Select(s => (s.ToString(CultureInfo.InvariantCulture), new BoundQuery("select id, c from t order by id")))];
    }

    [Benchmark(Baseline = true)]
    public int Buffered() => MergeSort.Merge(_whole, Keys).Count;

    [Benchmark]
    public async Task<int> Streamed()
    {
        var n = 0;
        await foreach (var batch in ShardStreams.MergeSortAsync(_cursor, "ks", _queries, Keys, CancellationToken.None))
        {
            n += batch.Rows.Count;
        }

        return n;
    }

    // A shard's result as a tablet streams it: fields first, then rows RowsPerBatch at a time.
    private sealed class BatchCursor(List<Result> whole) : IStreamCursor
    {
        public ILookupQuery? LookupQuery => null;

        public string? CurrentKeyspace => null;

        public ulong LastInsertId { get; set; }

        public ValueTask<DestinationResolver> ResolverAsync(string keyspace, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<Result>> ExecuteMultiShardAsync(string keyspace, IReadOnlyList<(string Shard, BoundQuery Query)> queries, bool isDml, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<Result> StreamShardAsync(string keyspace, string shard, BoundQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var r = whole[int.Parse(shard, CultureInfo.InvariantCulture)];
            yield return new Result(r.Fields, []);
            for (var i = 0; i < r.Rows.Count; i += RowsPerBatch)
            {
                await Task.Yield();
                yield return new Result([], r.Rows.GetRange(i, Math.Min(RowsPerBatch, r.Rows.Count - i)));
            }
        }
    }
}
