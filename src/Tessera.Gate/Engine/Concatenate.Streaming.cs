using System.Runtime.CompilerServices;

namespace Tessera.Gate.Engine;

// UNION ALL while streaming: each input's stream in turn, under the first input's fields.
internal sealed partial class Concatenate : IStreamPrimitive
{
    public bool CanStream => inputs.All(Streaming.CanStream);

    public async IAsyncEnumerable<Result> StreamAsync(IStreamCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var columns = -1;
        foreach (var input in inputs)
        {
            var inputColumns = -1;
            await foreach (var batch in Streaming.StreamAsync(input, cursor, bindVariables, cancellationToken).ConfigureAwait(false))
            {
                if (inputColumns < 0)
                {
                    inputColumns = batch.Fields.Count;
                }

                if (columns < 0)
                {
                    columns = inputColumns;
                    yield return batch;
                    continue;
                }

                if (batch.Rows.Count == 0)
                {
                    continue;
                }

                if (inputColumns != columns)
                {
                    throw Errors.GateErrors.WrongArguments.Create("The used SELECT statements have a different number of columns");
                }

                yield return new Result([], batch.Rows);
            }
        }
    }
}
