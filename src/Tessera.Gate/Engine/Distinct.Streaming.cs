using System.Runtime.CompilerServices;

namespace Tessera.Gate.Engine;

// DISTINCT while streaming: a row goes out the first time it is seen; the gate holds the distinct
// rows seen so far (not the input).
internal sealed partial class Distinct : IStreamPrimitive
{
    public bool CanStream => Streaming.CanStream(input);

    public async IAsyncEnumerable<Result> StreamAsync(IStreamCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<Value[]>(RowComparer.Instance);
        var first = true;
        await foreach (var batch in Streaming.StreamAsync(input, cursor, bindVariables, cancellationToken).ConfigureAwait(false))
        {
            var rows = batch.Rows.Where(seen.Add).ToList();
            if (first || rows.Count > 0)
            {
                first = false;
                yield return new Result(batch.Fields, rows);
            }
        }
    }
}
