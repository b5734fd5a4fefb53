using System.CommandLine;
using Tessera.Ctld;
using Tessera.Topo.Backend;

namespace Tessera.Cli.Commands;

// `tessera ctld`: Vitess's vtctld flags (dashes, or Vitess's old underscores).
internal static class CtldCommand
{
    public static Command Create()
    {
        var implementation = new Option<string>("--topo-implementation", "--topo_implementation")
        {
            Description = "the topology backend: file or memory",
            DefaultValueFactory = _ => "file",
        };
        var address = new Option<string>("--topo-global-server-address", "--topo_global_server_address")
        {
            Description = "the global topo server's address (unused by the file backend)",
            DefaultValueFactory = _ => "",
        };
        var root = new Option<string>("--topo-global-root", "--topo_global_root")
        {
            Description = "the global topo root (the directory, for the file backend)",
            DefaultValueFactory = _ => "",
        };
        var cell = new Option<string>("--cell") { Description = "this process's cell", DefaultValueFactory = _ => "zone1" };
        var grpcPort = new Option<int>("--grpc-port", "--grpc_port") { Description = "the gRPC port", DefaultValueFactory = _ => CtldOptions.DefaultGrpcPort };
        var port = new Option<int>("--port") { Description = "the HTTP port (web console, /debug/health)", DefaultValueFactory = _ => CtldOptions.DefaultHttpPort };

        var command = new Command("ctld", "the control daemon (Vitess vtctld)");
        foreach (var o in new Option[] { implementation, address, root, cell, grpcPort, port })
            command.Options.Add(o);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new CtldOptions
            {
                TopoImplementation = parseResult.GetValue(implementation)!,
                TopoGlobalServerAddress = parseResult.GetValue(address)!,
                TopoGlobalRoot = parseResult.GetValue(root)!,
                Cell = parseResult.GetValue(cell)!,
                GrpcPort = parseResult.GetValue(grpcPort),
                HttpPort = parseResult.GetValue(port),
            };
            try
            {
                await CtldHost.RunAsync(options, Console.Out.WriteLine, cancellationToken);
                return 0;
            }
            catch (TopoException e)
            {
                Console.Error.WriteLine($"tessera ctld: {e.Message}");
                return 1;
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"tessera ctld: {e.Message}");
                return 1;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
        });
        return command;
    }
}
