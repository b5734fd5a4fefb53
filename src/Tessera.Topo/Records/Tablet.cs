using Tessera.Keys;

namespace Tessera.Topo.Records;

// Vitess topodata.Tablet: one MariaDB plus the tablet process in front of it.
public sealed record Tablet
{
    public required TabletAlias Alias { get; init; }

    public string Hostname { get; init; } = "";

    // "grpc", "web", "mysql" (the tablet's own MySQL-protocol port, if any) -> port.
    public IReadOnlyDictionary<string, int> PortMap { get; init; } = new Dictionary<string, int>();

    public string Keyspace { get; init; } = "";

    public string Shard { get; init; } = "";

    public KeyRange? KeyRange { get; init; }

    public TabletType Type { get; init; }

    public string DbNameOverride { get; init; } = "";

    public string MysqlHostname { get; init; } = "";

    public int MysqlPort { get; init; }

    public DateTimeOffset? PrimaryTermStartTime { get; init; }

    // The database name the tablet serves: Vitess's vt_<keyspace> unless overridden.
    public string DbName => DbNameOverride.Length > 0 ? DbNameOverride : "vt_" + Keyspace;
}
