using System.CommandLine;
using Tessera.Cli.Local;

namespace Tessera.Cli.Commands;

/// `tessera local up|down|status`: Vitess's examples/local 101_initial_cluster.sh (and
/// 401_teardown.sh) as one command. The servers run detached; their pids and logs live under
/// the data root, so `down` stops exactly what `up` started.
internal static class LocalCommand
{
    public static Command Create()
    {
        var dataRoot = new Option<string?>("--data-root", "--data_root") { Description = "where the cluster keeps its topo, MariaDB data, logs, pids and ports (status and down read the ports `up` used) (default $TESSERA_DATAROOT, else $VTDATAROOT, else ./vtdataroot)", Recursive = true };
        var gateMySqlPort = new Option<int>("--gate-mysql-port") { Description = "the gate's MySQL port", DefaultValueFactory = _ => 15306, Recursive = true };
        var ctldPort = new Option<int>("--ctld-port") { Description = "ctld's web port", DefaultValueFactory = _ => 15000, Recursive = true };
        var ctldGrpcPort = new Option<int>("--ctld-grpc-port") { Description = "ctld's gRPC port", DefaultValueFactory = _ => 15999, Recursive = true };
        var tabletPortBase = new Option<int>("--tablet-port-base")
        {
            Description = "tablet ports: web = base + uid, gRPC = base + 1000 + uid, MariaDB = base + 2000 + uid (tablets 100, 101, 102)",
            DefaultValueFactory = _ => 15000,
            Recursive = true,
        };

        var command = new Command("local", "bring the local example cluster (commerce/0: tablets 100 primary, 101 replica, 102 rdonly, ctld, gate) up and down");
        foreach (var o in new Option[] { dataRoot, gateMySqlPort, ctldPort, ctldGrpcPort, tabletPortBase })
        {
            command.Options.Add(o);
        }

        LocalLayout Layout(ParseResult p) => new(Path.GetFullPath(p.GetValue(dataRoot) ?? LocalLayout.DefaultDataRoot()))
        {
            GateMySqlPort = p.GetValue(gateMySqlPort),
            CtldPort = p.GetValue(ctldPort),
            CtldGrpcPort = p.GetValue(ctldGrpcPort),
            TabletPortBase = p.GetValue(tabletPortBase),
        };

        var up = new Command("up", "start the cluster (installs MariaDB first if missing and allowed), create commerce/0 with its schema and VSchema, wait until healthy");
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
        var down = new Command("down", "stop every process `local up` started (gate, tablets, ctld, then each MariaDB)");
        down.SetAction(async (p, _) => await new LocalCluster(Layout(p).WithSavedPorts(), Console.Out).DownAsync());
        var status = new Command("status", "list the cluster's processes with pid, alive/dead and tablet health (exit 3 when nothing runs)");
        status.SetAction(async (p, ct) => await new LocalCluster(Layout(p).WithSavedPorts(), Console.Out).StatusAsync(ct));
        command.Subcommands.Add(up);
        command.Subcommands.Add(down);
        command.Subcommands.Add(status);
        return command;
    }
}
