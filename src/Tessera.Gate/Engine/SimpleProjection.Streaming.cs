using System.Runtime.CompilerServices;

namespace Tessera.Gate.Engine;

// Drops the planner's extra columns batch by batch.
internal sealed partial class SimpleProjection : IStreamPrimitive
{
    public bool CanStream => Streaming.CanStream(input);

    public async IAsyncEnumerable<Result> StreamAsync(IStreamCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var batch in Streaming.StreamAsync(input, cursor, bindVariables, cancellationToken).ConfigureAwait(false))
        {
            yield return Streaming.Truncate(batch, columns);
        }
    }
}
