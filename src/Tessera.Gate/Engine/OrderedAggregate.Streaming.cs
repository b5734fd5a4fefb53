using System.Runtime.CompilerServices;

namespace Tessera.Gate.Engine;

// Aggregation while streaming: the input arrives sorted by the group keys (merge-sorted as the
// shards send it), so a group is complete, and handed on, as soon as the next one starts; the gate
// holds one group's accumulators. A scalar aggregate reduces every row as it arrives and answers
// its one row at the end.
internal sealed partial class OrderedAggregate : IStreamPrimitive
{
    public bool CanStream => Streaming.CanStream(input);

    public async IAsyncEnumerable<Result> StreamAsync(IStreamCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var grouping = new Grouping(this);
        var columns = -1;
        await foreach (var batch in Streaming.StreamAsync(input, cursor, bindVariables, cancellationToken).ConfigureAwait(false))
        {
            var output = new List<Value[]>();
            foreach (var row in batch.Rows)
            {
                grouping.Add(row, output);
            }

            if (columns < 0)
            {
                columns = batch.Fields.Count;
                yield return new Result(Fields(batch.Fields), output);
            }
            else if (output.Count > 0)
            {
                yield return new Result([], output);
            }
        }

        if (columns >= 0)
        {
            var last = new List<Value[]>(1);
            grouping.End(last, columns);
            if (last.Count > 0)
            {
                yield return new Result([], last);
            }
        }
    }
}
