namespace Tessera.Binlog.Rows;

public enum RowChangeKind : byte
{
    Insert,
    Update,
    Delete,
}
