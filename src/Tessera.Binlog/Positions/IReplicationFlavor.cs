namespace Tessera.Binlog.Positions;

/// What differs between MariaDB and MySQL replication: position syntax and the statements a
/// replica runs before asking for the binlog stream. Vitess has the same split (mysql/flavor*.go).
public interface IReplicationFlavor
{
    string Name { get; }

    IReplicationPosition ParsePosition(string text);

    /// Session statements that make the primary stream from `start` (in order), e.g. MariaDB's
    /// SET @slave_connect_state.
    IReadOnlyList<string> StartStreamStatements(IReplicationPosition start);
}
