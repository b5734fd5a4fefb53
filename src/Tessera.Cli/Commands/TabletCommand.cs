using System.CommandLine;
using System.Runtime.InteropServices;
using Tessera.Mysqlctl;
using Tessera.Tablet;
using Tessera.Tablet.Server;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Cli.Commands;

/// `tessera tablet`: the server in front of one MariaDB (Vitess vttablet). Runs until SIGTERM or
/// Ctrl-C, then drains (stops serving, lets transactions finish, removes its topo record).
/// Underscore spellings are accepted so Vitess scripts run unchanged.
internal static class TabletCommand
{
    public static Command Create()
    {
        var tabletUid = new Option<long>("--tablet-uid", "--tablet_uid") { Description = "the tablet's uid (alias <cell>-<uid>; MariaDB server_id)", Required = true };
        var keyspace = new Option<string>("--keyspace", "--init_keyspace", "--init-keyspace") { Description = "the keyspace this tablet serves", Required = true };
        var shard = new Option<string>("--shard", "--init_shard", "--init-shard") { Description = "the shard this tablet serves (0, -80, 80-, …)", Required = true };
        var tabletType = new Option<string>("--init-tablet-type", "--init_tablet_type")
        {
            Description = "the type to start as: replica, rdonly or primary",
            DefaultValueFactory = _ => "replica",
        };
        var cell = new Option<string>("--cell", "--tablet-cell") { Description = "the tablet's cell", DefaultValueFactory = _ => "zone1" };
        var dataRoot = new Option<string?>("--data-root", "--data_root") { Description = "directory holding the MariaDB instances (default $TESSERA_DATAROOT, else $VTDATAROOT, else ./vtdataroot)" };
        var mysqlPort = new Option<int?>("--mysql-port", "--mysql_port") { Description = $"MariaDB's TCP port (default {Mycnf.DefaultPortBase} + uid)" };
        var port = new Option<int?>("--port") { Description = $"web port: status page and metrics (default {TabletConfig.DefaultWebPortBase} + uid)" };
        var grpcPort = new Option<int?>("--grpc-port", "--grpc_port") { Description = $"gRPC port (default {TabletConfig.DefaultGrpcPortBase} + uid)" };
        var queryPort = new Option<int?>("--query-port") { Description = "query wire port, the gate's fast path to the query service (default: one the system chooses, recorded in the topo)" };
        var hostname = new Option<string>("--tablet-hostname", "--tablet_hostname") { Description = "the host name recorded in the topo", DefaultValueFactory = _ => "127.0.0.1" };
        var topoImplementation = new Option<string>("--topo-implementation", "--topo_implementation") { Description = "topo backend: file or memory", DefaultValueFactory = _ => "file" };
        var topoRoot = new Option<string>("--topo-global-root", "--topo_global_root") { Description = "the topo's root (a directory for the file backend)", DefaultValueFactory = _ => "" };
        var topoAddress = new Option<string>("--topo-global-server-address", "--topo_global_server_address") { Description = "the topo server's address (unused by file)", DefaultValueFactory = _ => "" };

        // Query service settings, as vttablet's flags (durations as Go writes them: 30s, 500ms, 1m).
        var defaults = new TabletConfig { TabletUid = 1, Keyspace = "", Shard = "" };
        var queryTimeout = Duration("--queryserver-config-query-timeout", "a statement running longer is killed in MariaDB", defaults.QueryTimeout);
        var transactionTimeout = Duration("--queryserver-config-transaction-timeout", "a transaction open longer is killed and rolled back", defaults.TransactionTimeout);
        var poolTimeout = Duration("--queryserver-config-query-pool-timeout", "how long a request waits for a pooled connection", defaults.PoolWaitTimeout);
        var healthInterval = Duration("--health-check-interval", "how often MariaDB and replication are checked", defaults.HealthCheckInterval, "--health_check_interval");
        var reservedIdle = Duration("--reserved-conn-idle-timeout", "a reserved connection unused this long is released (0: never)", defaults.ReservedConnectionIdleTimeout);
        var readTimeout = Duration("--mysql-read-timeout", "how long a read from MariaDB may wait when no statement deadline applies (0: forever)", defaults.MysqlReadTimeout);
        var poolSize = Number("--queryserver-config-pool-size", "query pool size", defaults.QueryPoolSize);
        var transactionCap = Number("--queryserver-config-transaction-cap", "transaction pool size", defaults.TransactionPoolSize);
        var streamPoolSize = Number("--queryserver-config-stream-pool-size", "stream pool size", defaults.StreamPoolSize);
        var maxResultSize = Number("--queryserver-config-max-result-size", "more rows than this fail a query", defaults.MaxResultSize);

        var command = new Command("tablet", "the server in front of one MariaDB (Vitess vttablet)");
        foreach (var option in new Option[] { tabletUid, keyspace, shard, tabletType, cell, dataRoot, mysqlPort, port, grpcPort, queryPort, hostname, topoImplementation, topoRoot, topoAddress })
            command.Options.Add(option);
        foreach (var option in new Option[] { queryTimeout, transactionTimeout, poolTimeout, healthInterval, reservedIdle, readTimeout })
            command.Options.Add(option);
        foreach (var option in new Option[] { poolSize, transactionCap, streamPoolSize, maxResultSize })
            command.Options.Add(option);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var typeText = parseResult.GetValue(tabletType)!;
            if (!Enum.TryParse<TabletType>(typeText, ignoreCase: true, out var type) || type is not (TabletType.Replica or TabletType.Rdonly or TabletType.Primary))
            {
                Console.Error.WriteLine($"tessera tablet: --init-tablet-type '{typeText}' is not one of replica, rdonly, primary");
                return 2;
            }
            var uid = parseResult.GetValue(tabletUid);
            if (uid is <= 0 or > uint.MaxValue)
            {
                Console.Error.WriteLine($"tessera tablet: --tablet-uid {uid} is out of range (1 to {uint.MaxValue})");
                return 2;
            }
            var durations = new Dictionary<Option<string>, TimeSpan>();
            foreach (var option in new[] { queryTimeout, transactionTimeout, poolTimeout, healthInterval, reservedIdle, readTimeout })
            {
                var text = parseResult.GetValue(option)!;
                if (!GoDuration.TryParse(text, out var duration))
                {
                    Console.Error.WriteLine($"tessera tablet: {option.Name} '{text}' is not a duration (like 30s, 500ms, 1m)");
                    return 2;
                }
                durations[option] = duration;
            }
            foreach (var option in new[] { poolSize, transactionCap, streamPoolSize, maxResultSize })
            {
                if (parseResult.GetValue(option) < 1)
                {
                    Console.Error.WriteLine($"tessera tablet: {option.Name} must be at least 1");
                    return 2;
                }
            }
            var config = new TabletConfig
            {
                TabletUid = (uint)uid,
                Keyspace = parseResult.GetValue(keyspace)!,
                Shard = parseResult.GetValue(shard)!,
                InitTabletType = type,
                Cell = parseResult.GetValue(cell)!,
                DataRoot = parseResult.GetValue(dataRoot),
                MysqlPort = parseResult.GetValue(mysqlPort),
                WebPort = parseResult.GetValue(port),
                GrpcPort = parseResult.GetValue(grpcPort),
                QueryPort = parseResult.GetValue(queryPort),
                Hostname = parseResult.GetValue(hostname)!,
                TopoImplementation = parseResult.GetValue(topoImplementation)!,
                TopoGlobalRoot = parseResult.GetValue(topoRoot)!,
                TopoGlobalServerAddress = parseResult.GetValue(topoAddress)!,
                QueryTimeout = durations[queryTimeout],
                TransactionTimeout = durations[transactionTimeout],
                PoolWaitTimeout = durations[poolTimeout],
                HealthCheckInterval = durations[healthInterval] > TimeSpan.Zero ? durations[healthInterval] : defaults.HealthCheckInterval,
                ReservedConnectionIdleTimeout = durations[reservedIdle],
                MysqlReadTimeout = durations[readTimeout],
                QueryPoolSize = parseResult.GetValue(poolSize),
                TransactionPoolSize = parseResult.GetValue(transactionCap),
                StreamPoolSize = parseResult.GetValue(streamPoolSize),
                MaxResultSize = parseResult.GetValue(maxResultSize),
            };
            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
            TabletServer server;
            try
            {
                server = await TabletServer.StartAsync(config, ct: cancellationToken);
            }
            catch (Exception e) when (e is MysqlctlException or TopoException or IOException or Protocol.MySqlErrorException)
            {
                Console.Error.WriteLine($"tessera tablet: {e.Message}");
                return 1;
            }
            Console.Out.WriteLine($"tablet {config.Alias} serving {config.Keyspace}/{config.Shard} as {server.Type.ToString().ToUpperInvariant()}: " +
                $"gRPC on {server.GrpcPort}, query wire on {server.QueryPort}, web on {server.WebPort}, MariaDB on {server.Mysqld.Mycnf.Port}");
            await stop.Task.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            Console.Out.WriteLine($"tablet {config.Alias}: draining");
            await server.StopAsync();
            Console.Out.WriteLine($"tablet {config.Alias}: stopped and removed from the topo");
            return 0;
        });
        return command;
    }

    // A Vitess-style flag, also accepted with underscores (--queryserver_config_query_timeout).
    private static Option<string> Duration(string name, string description, TimeSpan defaultValue, string? alias = null) =>
        new(name, alias ?? name.Replace('-', '_')[2..].Insert(0, "--"))
        {
            Description = $"{description} (default {Go(defaultValue)})",
            DefaultValueFactory = _ => Go(defaultValue),
        };

    private static Option<int> Number(string name, string description, int defaultValue) =>
        new(name, name.Replace('-', '_')[2..].Insert(0, "--"))
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
        };

    private static string Go(TimeSpan duration) =>
        duration.TotalMilliseconds % 1000 != 0 ? $"{duration.TotalMilliseconds:0}ms"
        : duration.TotalSeconds % 60 != 0 || duration == TimeSpan.Zero ? $"{duration.TotalSeconds:0}s"
        : $"{duration.TotalMinutes:0}m";
}
