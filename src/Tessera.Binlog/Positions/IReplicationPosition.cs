namespace Tessera.Binlog.Positions;

/// A replication position of some flavor (MariaDB GTID list today, MySQL GTID set later), as
/// VReplication stores it in _vt.vreplication. Immutable.
public interface IReplicationPosition
{
    /// Flavor name, as Vitess writes it in front of a position ("MariaDB/0-1-5").
    string Flavor { get; }

    bool IsEmpty { get; }

    /// True when everything `other` covers is also covered here (this position is at or after it).
    bool AtLeast(IReplicationPosition other);
}
