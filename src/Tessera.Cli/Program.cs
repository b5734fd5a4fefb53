using System.CommandLine;
using Tessera.Cli.Commands;

namespace Tessera.Cli;

internal static class Program
{
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();

    // One root for the whole system, as Vitess ships vtgate, vttablet, mysqlctl, vtctld and
    // vtctldclient; here they are subcommands of one executable.
    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("Tessera: a sharding system for MySQL-protocol databases, on the Vitess model.");
        root.Subcommands.Add(GateCommand.Create());
        root.Subcommands.Add(TabletCommand.Create());
        root.Subcommands.Add(MysqlctlCommand.Create());
        root.Subcommands.Add(CtldCommand.Create());
        root.Subcommands.Add(CtlCommand.Create());
        root.Subcommands.Add(LocalCommand.Create());
        return root;
    }
}
