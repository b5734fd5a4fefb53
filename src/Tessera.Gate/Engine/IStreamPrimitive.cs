namespace Tessera.Gate.Engine;

// A primitive that can run under `set workload = olap` without holding its whole result
// (Vitess: Primitive.TryStreamExecute). Its stream is a sequence of batches: the first carries the
// fields (and maybe rows), later ones rows only (their Fields may be empty). A primitive that
// stops reading its input early (LIMIT) disposes the input's enumerator, which cancels the shard
// streams below. What it holds is a few batches, except where the operation itself needs more:
// a Sort holds its input, a Distinct the distinct rows seen so far.
internal interface IStreamPrimitive : IPrimitive
{
    // True when this node and every input below it can stream; otherwise the plan runs buffered.
    bool CanStream { get; }

    IAsyncEnumerable<Result> StreamAsync(IStreamCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken);
}

internal static class Streaming
{
    public static bool CanStream(IPrimitive primitive) => primitive is IStreamPrimitive { CanStream: true };

    public static IAsyncEnumerable<Result> StreamAsync(IPrimitive primitive, IStreamCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken) =>
        primitive is IStreamPrimitive s
            ? s.StreamAsync(cursor, bindVariables, cancellationToken)
            : throw new InvalidOperationException($"{primitive.GetType().Name} does not stream");

    // The first `count` columns of a batch's rows (hidden ORDER BY / GROUP BY columns dropped);
    // unlike Result.Truncate it also cuts the rows of a batch that carries no fields.
    public static Result Truncate(Result batch, int count)
    {
        var rows = new List<Value[]>(batch.Rows.Count);
        foreach (var r in batch.Rows)
        {
            rows.Add(r.Length > count ? r[..count] : r);
        }

        return new Result(batch.Fields.Count > count ? [.. batch.Fields.Take(count)] : batch.Fields, rows);
    }
}
