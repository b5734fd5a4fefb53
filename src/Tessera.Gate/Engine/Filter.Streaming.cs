using System.Runtime.CompilerServices;
using Tessera.Gate.Evaluation;

namespace Tessera.Gate.Engine;

// HAVING while streaming: each batch filtered as it passes.
internal sealed partial class Filter : IStreamPrimitive
{
    public bool CanStream => Streaming.CanStream(input);

    public async IAsyncEnumerable<Result> StreamAsync(IStreamCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = true;
        await foreach (var batch in Streaming.StreamAsync(input, cursor, bindVariables, cancellationToken).ConfigureAwait(false))
        {
            var rows = batch.Rows.Where(r => EvalExpr.IsTrue(predicate.Evaluate(new EvalEnv(r, bindVariables, cursor)))).ToList();
            if (first || rows.Count > 0)
            {
                first = false;
                yield return new Result(batch.Fields, rows);
            }
        }
    }
}
