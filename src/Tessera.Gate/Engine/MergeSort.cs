namespace Tessera.Gate.Engine;

// Merges per-shard results that each come sorted by the same keys into one sorted result (a k-way
// merge; ties keep shard order), as Vitess's MergeSort does under a scatter Route.
internal static class MergeSort
{
    public static List<Value[]> Merge(IReadOnlyList<Result> results, IReadOnlyList<OrderByParam> keys)
    {
        var total = 0;
        foreach (var r in results)
        {
            total += r.Rows.Count;
        }

        var output = new List<Value[]>(total);
        var positions = new int[results.Count];
        var queue = new PriorityQueue<int, (Value[] Row, int Shard)>(results.Count, RowOrder(keys));
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Rows.Count > 0)
            {
                queue.Enqueue(i, (results[i].Rows[0], i));
            }
        }

        while (queue.TryDequeue(out var shard, out var head))
        {
            output.Add(head.Row);
            var next = ++positions[shard];
            if (next < results[shard].Rows.Count)
            {
                queue.Enqueue(shard, (results[shard].Rows[next], shard));
            }
        }

        return output;
    }

    // The order of the merge's heads: by the keys, then by shard, so ties keep shard order. Shared
    // with the streaming merge (ShardStreams.MergeSortAsync) so both answer alike.
    public static IComparer<(Value[] Row, int Shard)> RowOrder(IReadOnlyList<OrderByParam> keys) =>
        Comparer<(Value[] Row, int Shard)>.Create((x, y) =>
        {
            var c = OrderByParam.CompareRows(keys, x.Row, y.Row);
            return c != 0 ? c : x.Shard.CompareTo(y.Shard);
        });
}
