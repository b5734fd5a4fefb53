using Tessera.Binlog.Rows;

namespace Tessera.Binlog.Transactions;

/// One row image with its table, values indexed like the table's columns.
public sealed class BinlogRow(TableMap table, BinlogValue[] values)
{
    public TableMap Table { get; } = table;

    public IReadOnlyList<BinlogValue> Values { get; } = values;

    public BinlogValue this[int index] => Values[index];

    public BinlogValue this[string column] =>
        Table.IndexOf(column) is var index and >= 0 ? Values[index] : throw new KeyNotFoundException($"no column '{column}' in {Table}");

    public override string ToString() => "(" + string.Join(", ", Values) + ")";
}
