using System.Runtime.CompilerServices;

namespace Tessera.Gate.Engine;

// LIMIT while streaming: skips `offset` rows, hands on `count`, then stops reading its input, which
// cancels the shard streams below (each shard was asked for offset+count rows at most anyway).
internal sealed partial class Limit : IStreamPrimitive
{
    public bool CanStream => Streaming.CanStream(Input);

    public async IAsyncEnumerable<Result> StreamAsync(IStreamCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (n, skip, bv) = Bind(cursor, bindVariables);
        var fieldsSent = false;
        await foreach (var batch in Streaming.StreamAsync(Input, cursor, bv, cancellationToken).ConfigureAwait(false))
        {
            var from = (int)Math.Min(skip, batch.Rows.Count);
            skip -= from;
            var take = (int)Math.Min(n, batch.Rows.Count - from);
            n -= take;
            if (!fieldsSent || take > 0)
            {
                fieldsSent = true;
                yield return from == 0 && take == batch.Rows.Count ? batch : new Result(batch.Fields, batch.Rows.GetRange(from, take));
            }

            if (n == 0)
            {
                yield break;
            }
        }
    }
}
