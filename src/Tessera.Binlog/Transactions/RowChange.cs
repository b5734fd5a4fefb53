using Tessera.Binlog.Rows;

namespace Tessera.Binlog.Transactions;

/// One changed row: Before for updates and deletes, After for inserts and updates.
public sealed record RowChange(TableMap Table, RowChangeKind Kind, BinlogRow? Before, BinlogRow? After)
{
    public override string ToString() => $"{Kind} {Table.Schema}.{Table.Table} {Before} -> {After}";
}
