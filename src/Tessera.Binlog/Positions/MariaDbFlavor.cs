namespace Tessera.Binlog.Positions;

/// MariaDB's GTID replication (https://mariadb.com/kb/en/gtid/): the replica states where it
/// is with @slave_connect_state and asks for CRC32 checksums and GTID events explicitly.
public sealed class MariaDbFlavor : IReplicationFlavor
{
    public static MariaDbFlavor Instance { get; } = new();

    /// MARIA_SLAVE_CAPABILITY_GTID: the replica understands GTID events.
    public const int SlaveCapabilityGtid = 4;

    public string Name => MariaDbGtidPosition.FlavorName;

    public IReplicationPosition ParsePosition(string text) => MariaDbGtidPosition.Parse(text);

    public IReadOnlyList<string> StartStreamStatements(IReplicationPosition start)
    {
        if (start is not MariaDbGtidPosition position)
            throw new ArgumentException($"a MariaDB stream cannot start from a {start.Flavor} position", nameof(start));
        return
        [
            "SET @master_binlog_checksum='CRC32'",
            $"SET @slave_connect_state='{position}'",
            "SET @slave_gtid_strict_mode=1",
            "SET @slave_gtid_ignore_duplicates=0",
            $"SET @mariadb_slave_capability={SlaveCapabilityGtid}",
        ];
    }
}
