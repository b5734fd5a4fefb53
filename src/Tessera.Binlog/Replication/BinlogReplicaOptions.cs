using Tessera.Protocol.Client;

namespace Tessera.Binlog.Replication;

/// How to connect to a primary as a binlog replica.
public sealed record BinlogReplicaOptions
{
    public required MySqlClientOptions Connection { get; init; }

    /// server_id this replica registers with; must differ from every server and other replica
    /// of the replication topology (a second dump with the same id makes the primary drop the first).
    public uint ReplicaServerId { get; init; } = (uint)Random.Shared.Next(0x40000000, int.MaxValue);

    /// The primary sends a HEARTBEAT when it has written nothing for this long, so a dead
    /// connection is noticed; zero disables heartbeats.
    public TimeSpan HeartbeatPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// No packet for this long (several heartbeat periods) counts as a dropped connection.
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// Pause before reconnecting after a dropped connection, and how many times in a row to try.
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public int MaxReconnectAttempts { get; init; } = 10;
}
