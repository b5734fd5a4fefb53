using System.CommandLine;
using Tessera.Gate;

namespace Tessera.Cli.Commands;

/// `tessera gate`: the MySQL-protocol front end (Vitess vtgate). Flags as Vitess spells them,
/// dashes or underscores. Runs until SIGTERM / Ctrl-C.
internal static class GateCommand
{
    public static Command Create()
    {
        var cell = new Option<string>("--cell") { Description = "the cell whose tablets and serving graph the gate uses", DefaultValueFactory = _ => "zone1" };
        var mysqlPort = new Option<int>("--mysql-port", "--mysql_server_port", "--mysql-server-port") { Description = "the MySQL protocol port", DefaultValueFactory = _ => 15306 };
        var webPort = new Option<int>("--port") { Description = "the web port: /debug/status (tablets, plan cache, query stats) and /metrics (Prometheus); 0 picks a free port", DefaultValueFactory = _ => 15001 };
        var maxLag = new Option<int>("--discovery-low-replication-lag", "--discovery_low_replication_lag") { Description = "seconds of replication lag past which a replica gets no queries", DefaultValueFactory = _ => 30 };
        var bind = new Option<string>("--mysql-server-bind-address", "--mysql_server_bind_address") { Description = "the address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var topoImplementation = new Option<string>("--topo-implementation", "--topo_implementation") { Description = "topo backend: file or memory", DefaultValueFactory = _ => "file" };
        var topoRoot = new Option<string>("--topo-global-root", "--topo_global_root") { Description = "the topo's root (a directory for the file backend)", DefaultValueFactory = _ => "" };
        var topoAddress = new Option<string>("--topo-global-server-address", "--topo_global_server_address") { Description = "the topo server's address (unused by file)", DefaultValueFactory = _ => "" };
        var typesToWait = new Option<string>("--tablet-types-to-wait", "--tablet_types_to_wait") { Description = "wait for a healthy tablet of these types (e.g. PRIMARY,REPLICA) in every serving shard before listening", DefaultValueFactory = _ => "" };
        var tabletProtocol = new Option<string>("--tablet-protocol", "--tablet_protocol") { Description = "how queries reach tablets: wire (the query wire where a tablet offers it) or grpc", DefaultValueFactory = _ => "wire" };
        tabletProtocol.AcceptOnlyFromAmong("wire", "grpc");
        var auth = new Option<string?>("--mysql-auth-static-file", "--mysql_auth_server_static_file") { Description = "JSON file of users and passwords (Vitess static auth format)" };

        var command = new Command("gate", "the MySQL-protocol front end (Vitess vtgate)");
        foreach (var o in new Option[] { cell, mysqlPort, webPort, maxLag, bind, topoImplementation, topoRoot, topoAddress, typesToWait, tabletProtocol, auth })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new GateOptions
            {
                Cell = parseResult.GetValue(cell)!,
                MySqlPort = parseResult.GetValue(mysqlPort),
                WebPort = parseResult.GetValue(webPort),
                MaxReplicationLag = TimeSpan.FromSeconds(parseResult.GetValue(maxLag)),
                BindAddress = System.Net.IPAddress.Parse(parseResult.GetValue(bind)!),
                TopoImplementation = parseResult.GetValue(topoImplementation)!,
                TopoGlobalRoot = parseResult.GetValue(topoRoot)!,
                TopoGlobalServerAddress = parseResult.GetValue(topoAddress)!,
                TabletTypesToWait = [.. parseResult.GetValue(typesToWait)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToLowerInvariant())],
                MySqlAuthStaticFile = parseResult.GetValue(auth),
                TabletProtocol = parseResult.GetValue(tabletProtocol)!,
            };
            try
            {
                await using var gate = await GateServer.StartAsync(options, cancellationToken);
                Console.Out.WriteLine($"gate: listening for MySQL clients on {options.BindAddress}:{gate.MySqlPort} (cell {options.Cell}), web on http://{options.BindAddress}:{gate.WebPort}/debug/status");
                var stopped = new TaskCompletionSource();
                using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
                {
                    c.Cancel = true;
                    stopped.TrySetResult();
                });
                await Task.WhenAny(stopped.Task, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
                Console.Out.WriteLine("gate: stopped");
                return 0;
            }
            catch (Exception e) when (e is IOException or Topo.Backend.TopoException or System.Net.Sockets.SocketException or ArgumentException)
            {
                Console.Error.WriteLine($"tessera gate: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
