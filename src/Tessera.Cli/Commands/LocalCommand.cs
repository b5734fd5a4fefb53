using System.CommandLine;
using System.Globalization;
using Tessera.Cli.Local;
using Tessera.Mysqlctl;

namespace Tessera.Cli.Commands;

/// `tessera local up|down|status`: Vitess's examples/local 101_initial_cluster.sh (and
/// 401_teardown.sh) as one command. The servers run detached; their pids and logs live under
/// the data root, so `down` stops exactly what `up` started.
internal static class LocalCommand
{
    public static Command Create()
    {
        var dataRoot = new Option<string?>("--data-root", "--data_root") { Description = "where the cluster keeps its topo, MariaDB data, logs, pids and ports (status and down read the ports `up` used) (default $TESSERA_DATAROOT, else $VTDATAROOT, else ./vtdataroot)", Recursive = true };
        // Each port also reads an environment variable, so examples/local's scripts (and their
        // mariadb and `tessera ctl` calls) move with one export.
        var gateMySqlPort = PortOption("--gate-mysql-port", GateMySqlPortVariable, 15306, "the gate's MySQL port");
        var gateWebPort = PortOption("--gate-web-port", GateWebPortVariable, 15001, "the gate's web port (status page, metrics)");
        var ctldPort = PortOption("--ctld-port", CtldPortVariable, 15000, "ctld's web port");
        var ctldGrpcPort = PortOption("--ctld-grpc-port", CtldGrpcPortVariable, 15999, "ctld's gRPC port");
        var tabletPortBase = PortOption("--tablet-port-base", TabletPortBaseVariable, 15000,
            "tablet ports: web = base + uid, gRPC = base + 1000 + uid, MariaDB = base + 2000 + uid");

        var command = new Command("local", "bring the local example cluster (commerce/0: tablets 100 primary, 101 replica, 102 rdonly, ctld, gate) up and down");
        foreach (var o in new Option[] { dataRoot, gateMySqlPort, gateWebPort, ctldPort, ctldGrpcPort, tabletPortBase })
        {
            command.Options.Add(o);
        }

        LocalLayout Layout(ParseResult p) => new(Path.GetFullPath(p.GetValue(dataRoot) ?? LocalLayout.DefaultDataRoot()))
        {
            GateMySqlPort = p.GetValue(gateMySqlPort),
            GateWebPort = p.GetValue(gateWebPort),
            CtldPort = p.GetValue(ctldPort),
            CtldGrpcPort = p.GetValue(ctldGrpcPort),
            TabletPortBase = p.GetValue(tabletPortBase),
        };

        var up = new Command("up", "start the cluster (installs MariaDB first if missing and allowed), create commerce/0 with its schema and VSchema, wait until healthy; after a `down`, start every tablet again as it was (tablets added by tablet-up too)");
        up.SetAction(async (p, ct) =>
        {
            if (!MariaDbCheck.Ensure(Console.Out)) return 1;
            // Already up: report with the ports it was started on.
            var layout = Layout(p);
            var cluster = new LocalCluster(new LocalCluster(layout.WithSavedPorts(), TextWriter.Null).Processes().Any(x => x.Alive) ? layout.WithSavedPorts() : layout, Console.Out);
            try
            {
                return await cluster.UpAsync(ct);
            }
            catch (Exception e) when (e is IOException or Grpc.Core.RpcException or Topo.Backend.TopoException)
            {
                Console.Error.WriteLine($"tessera local up: {e.Message}");
                Console.Error.WriteLine("tessera local up: `tessera local down` stops what was started");
                return 1;
            }
        });
        var down = new Command("down", "stop every process of the cluster (gate, every tablet, ctld, then each MariaDB); the data stays for the next `up`");
        down.SetAction(async (p, _) => await new LocalCluster(Layout(p).WithSavedPorts(), Console.Out).DownAsync());
        var status = new Command("status", "list the cluster's processes with pid, alive/dead, and each tablet's keyspace/shard, type and health (exit 3 when nothing runs)");
        status.SetAction(async (p, ct) => await new LocalCluster(Layout(p).WithSavedPorts(), Console.Out).StatusAsync(ct));
        command.Subcommands.Add(up);
        command.Subcommands.Add(down);
        command.Subcommands.Add(status);
        // For scripts: `eval "$(tessera local env)"` points the mariadb and ctl calls at the
        // cluster's ports, however it was started (flags or variables).
        var env = new Command("env", "print the cluster's ports as shell exports (the ones `up` used, if it ran), for eval in scripts");
        env.SetAction(p =>
        {
            var l = Layout(p).WithSavedPorts();
            foreach (var (name, port) in new[] { (GateMySqlPortVariable, l.GateMySqlPort), (GateWebPortVariable, l.GateWebPort), (CtldPortVariable, l.CtldPort), (CtldGrpcPortVariable, l.CtldGrpcPort), (TabletPortBaseVariable, l.TabletPortBase) })
            {
                Console.WriteLine($"export {name}={port.ToString(CultureInfo.InvariantCulture)}");
            }
            return 0;
        });
        command.Subcommands.Add(env);
        command.Subcommands.Add(TabletUp(Layout));
        command.Subcommands.Add(TabletDown(Layout));
        return command;
    }

    public const string GateMySqlPortVariable = "TESSERA_GATE_MYSQL_PORT";
    public const string GateWebPortVariable = "TESSERA_GATE_WEB_PORT";
    public const string CtldPortVariable = "TESSERA_CTLD_PORT";
    public const string CtldGrpcPortVariable = "TESSERA_CTLD_GRPC_PORT";
    public const string TabletPortBaseVariable = "TESSERA_TABLET_PORT_BASE";

    private static Option<int> PortOption(string name, string variable, int fallback, string description) => new(name)
    {
        Description = $"{description} (default ${variable}, else {fallback.ToString(CultureInfo.InvariantCulture)})",
        DefaultValueFactory = r => Environment.GetEnvironmentVariable(variable) is not { Length: > 0 } text ? fallback
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port
            : Invalid(r, $"${variable} is '{text}', not a port number"),
        Recursive = true,
    };

    private static int Invalid(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return 0;
    }

    // Vitess's mysqlctl-up.sh + vttablet-up.sh for one tablet of the running cluster.
    private static Command TabletUp(Func<ParseResult, LocalLayout> layout)
    {
        var keyspace = new Option<string>("--keyspace") { Description = "the keyspace the tablet serves (created in the topo if new)", Required = true };
        var shard = new Option<string>("--shard") { Description = "the shard it serves: 0, -80, 80-, … (created if new)", Required = true };
        var uid = new Option<uint>("--uid", "--tablet-uid") { Description = "the tablet's uid (alias zone1-<uid>); ports follow from it", Required = true };
        var type = new Option<string>("--type", "--tablet-type") { Description = "replica or rdonly (InitShardPrimary or PlannedReparentShard makes a primary)", DefaultValueFactory = _ => "replica" };
        type.AcceptOnlyFromAmong("replica", "rdonly");
        var command = new Command("tablet-up", "start one more tablet (its MariaDB, then the tablet) in the running local cluster; `down` stops it too");
        foreach (var o in new Option[] { keyspace, shard, uid, type }) command.Options.Add(o);
        command.SetAction(async (p, ct) =>
        {
            var cluster = new LocalCluster(layout(p).WithSavedPorts(), Console.Out);
            try
            {
                return await cluster.TabletUpAsync(new LocalTablet(p.GetValue(uid), p.GetValue(keyspace)!, p.GetValue(shard)!, p.GetValue(type)!), ct);
            }
            catch (Exception e) when (e is IOException or MysqlctlException)
            {
                Console.Error.WriteLine($"tessera local tablet-up: {e.Message}");
                Console.Error.WriteLine($"tessera local tablet-up: `tessera local tablet-down --uid {p.GetValue(uid).ToString(CultureInfo.InvariantCulture)}` stops what was started");
                return 1;
            }
        });
        return command;
    }

    // Vitess's vttablet-down.sh + mysqlctl-down.sh: that tablet's processes only, by their pids.
    private static Command TabletDown(Func<ParseResult, LocalLayout> layout)
    {
        var uid = new Option<uint>("--uid", "--tablet-uid") { Description = "the tablet to stop", Required = true };
        var command = new Command("tablet-down", "stop one tablet of the local cluster and its MariaDB (its data stays; tablet-up starts it again)");
        command.Options.Add(uid);
        command.SetAction(async (p, _) => await new LocalCluster(layout(p).WithSavedPorts(), Console.Out).TabletDownAsync(p.GetValue(uid)));
        return command;
    }
}
