using System.Runtime.CompilerServices;

namespace Tessera.Gate.Engine;

// A nested-loop join while streaming (Vitess streams a join's left side too): the left input's
// rows stream in, and for each one the right query runs (buffered: one left row's matches) and the
// joined rows go out batch by batch. The fields need the right side's, known from its first run.
internal sealed partial class Join : IStreamPrimitive
{
    public bool CanStream => Streaming.CanStream(left);

    public async IAsyncEnumerable<Result> StreamAsync(IStreamCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IReadOnlyList<Field>? leftFields = null;
        IReadOnlyList<Field>? rightFields = null;
        List<Value[]>? pending = [];
        await foreach (var batch in Streaming.StreamAsync(left, cursor, bindVariables, cancellationToken).ConfigureAwait(false))
        {
            leftFields ??= batch.Fields;
            var rows = new List<Value[]>();
            foreach (var lrow in batch.Rows)
            {
                // Every left row runs the right side; its fields are kept from the first run that has them.
                var runFields = await JoinRowAsync(cursor, bindVariables, lrow, rows, cancellationToken).ConfigureAwait(false);
                rightFields ??= runFields;
            }

            if (pending is null)
            {
                if (rows.Count > 0)
                {
                    yield return new Result([], rows);
                }
            }
            else if (rightFields is null)
            {
                pending.AddRange(rows);
            }
            else
            {
                pending.AddRange(rows);
                yield return new Result(JoinedFields(leftFields, rightFields), pending);
                pending = null;
            }
        }

        if (pending is not null)
        {
            if (rightFields is null)
            {
                var r = await right.ExecuteAsync(cursor, Bind(bindVariables, null), cancellationToken).ConfigureAwait(false);
                rightFields = r.Fields;
            }

            yield return new Result(JoinedFields(leftFields ?? [], rightFields), pending);
        }
    }

    private List<Field> JoinedFields(IReadOnlyList<Field> leftFields, IReadOnlyList<Field> rightFields) =>
        [.. cols.Select(c => c < 0 ? Pick(leftFields, -c - 1) : Pick(rightFields, c - 1))];
}
