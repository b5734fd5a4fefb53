// Column types in TABLE_MAP are the protocol's enum_field_types; one enum serves both. In a binlog,
// CHAR, ENUM and SET appear as String with the real type in the metadata; TEXT and JSON as Blob.
global using ColumnType = Tessera.Protocol.Constants.ColumnType;
