using Tessera.Topo.Records;

namespace Tessera.Tablet;

// What one tablet process is told at start (Vitess vttablet flags). Immutable; the tablet's changing
// state (type, serving) lives in TabletState.
public sealed record TabletConfig
{
    public const int DefaultWebPortBase = 15000;
    public const int DefaultGrpcPortBase = 16000;

    public required uint TabletUid { get; init; }
    public required string Keyspace { get; init; }
    public required string Shard { get; init; }
    public TabletType InitTabletType { get; init; } = TabletType.Replica;
    public string Cell { get; init; } = "zone1";
    public string? DataRoot { get; init; }
    public int? MysqlPort { get; init; }
    public int? WebPort { get; init; }
    public int? GrpcPort { get; init; }
    // The query wire's port (the gate's hot path); null or 0: one the system chooses, registered in the topo.
    public int? QueryPort { get; init; }
    public string Hostname { get; init; } = "127.0.0.1";
    public string TopoImplementation { get; init; } = "file";
    public string TopoGlobalRoot { get; init; } = "";
    public string TopoGlobalServerAddress { get; init; } = "";

    // Pools, as Vitess's --queryserver-config-pool-size, -transaction-cap, -stream-pool-size.
    public int QueryPoolSize { get; init; } = 16;
    public int TransactionPoolSize { get; init; } = 20;
    public int StreamPoolSize { get; init; } = 16;
    // How long a request waits for a pooled connection, and how many may wait (0 = no limit).
    public TimeSpan PoolWaitTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public int PoolQueueLimit { get; init; }
    // --queryserver-config-query-timeout and -transaction-timeout: the query or transaction is
    // killed in MariaDB when they expire.
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan TransactionTimeout { get; init; } = TimeSpan.FromSeconds(30);
    // A reserved connection (outside a transaction) unused for this long is released: its MariaDB
    // connection is closed and a later request for it is told why. Vitess's transaction killer does
    // the same to reserved connections; zero turns it off.
    public TimeSpan ReservedConnectionIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);
    // Per-read timeouts on the connections to MariaDB, so a hung MariaDB (stopped, swapping) cannot
    // hold a pooled connection forever: a statement with a deadline may go unanswered until its
    // deadline plus QueryKillGrace (the KILL should have ended it by then); one without (streams,
    // no query timeout) for MysqlReadTimeout; health checks and KILLs for MysqlAdminReadTimeout
    // (so health reports a hang as not serving). Zero turns a timeout off.
    public TimeSpan MysqlReadTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan QueryKillGrace { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan MysqlAdminReadTimeout { get; init; } = TimeSpan.FromSeconds(10);
    // --queryserver-config-max-result-size: more rows than this fail the query.
    public int MaxResultSize { get; init; } = 10000;
    // --enable-consolidator: identical concurrent reads share one execution.
    public bool EnableConsolidator { get; init; } = true;
    // --health_check_interval.
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(5);
    // How long SIGTERM waits for transactions in flight before rolling them back.
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(3);

    public TabletAlias Alias => new(Cell, TabletUid);
    public string DbName => "vt_" + Keyspace;
    public int EffectiveWebPort => WebPort ?? DefaultWebPortBase + (int)TabletUid;
    public int EffectiveGrpcPort => GrpcPort ?? DefaultGrpcPortBase + (int)TabletUid;
}
