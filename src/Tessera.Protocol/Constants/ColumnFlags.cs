namespace Tessera.Protocol.Constants;

/// Column definition flags (https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__column__definition__flags.html).
[Flags]
public enum ColumnFlags : ushort
{
    None = 0,
    NotNull = 1,
    PrimaryKey = 2,
    UniqueKey = 4,
    MultipleKey = 8,
    Blob = 0x10,
    Unsigned = 0x20,
    ZeroFill = 0x40,
    Binary = 0x80,
    Enum = 0x100,
    AutoIncrement = 0x200,
    Timestamp = 0x400,
    Set = 0x800,
    NoDefaultValue = 0x1000,
    OnUpdateNow = 0x2000,
    Number = 0x8000,
}
