using System.Runtime.CompilerServices;

namespace Tessera.Gate.Engine;

// A sort in the gate (ORDER BY an aggregate) must see every row before the first goes out, so it
// collects its input's stream; what it holds is its input's rows (for ORDER BY an aggregate, one
// per group), while the streams below it still run in bounded memory.
internal sealed partial class MemorySort : IStreamPrimitive
{
    public bool CanStream => Streaming.CanStream(input);

    public async IAsyncEnumerable<Result> StreamAsync(IStreamCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IReadOnlyList<Field>? fields = null;
        var rows = new List<Value[]>();
        await foreach (var batch in Streaming.StreamAsync(input, cursor, bindVariables, cancellationToken).ConfigureAwait(false))
        {
            fields ??= batch.Fields;
            rows.AddRange(batch.Rows);
        }

        if (fields is not null)
        {
            yield return new Result(fields, [.. rows.Order(Comparer<Value[]>.Create((a, b) => OrderByParam.CompareRows(orderBy, a, b)))]);
        }
    }
}
