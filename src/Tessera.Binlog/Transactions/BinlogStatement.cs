namespace Tessera.Binlog.Transactions;

/// A statement in the binlog (DDL, or statement-format DML), with the default database it ran in.
public sealed record BinlogStatement(string Database, string Sql);
