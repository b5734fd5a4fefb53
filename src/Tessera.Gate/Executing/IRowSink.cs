using Tessera.Gate.Engine;

namespace Tessera.Gate.Executing;

// Where a streamed result goes (the client connection): the columns once, then rows in batches as
// they arrive. Each call may wait for the client, which is what bounds the gate's memory.
internal interface IRowSink
{
    ValueTask FieldsAsync(IReadOnlyList<Field> fields, CancellationToken cancellationToken);

    ValueTask RowsAsync(IReadOnlyList<Value[]> rows, CancellationToken cancellationToken);
}
