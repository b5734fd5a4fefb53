using System.CommandLine;
using Tessera.Cli.Commands.Ctl;

namespace Tessera.Cli.Commands;

// `tessera ctl [--server host:port] <Command> [flags]`: vtctldclient, with its command names and
// flags, printing JSON; an error is one line on stderr and exit code 1.
internal static class CtlCommand
{
    public static Command Create()
    {
        var ctl = new CtlRunner();
        var command = new Command("ctl", "the command-line client of ctld (Vitess vtctldclient)");
        command.Options.Add(ctl.Server);
        foreach (var c in KeyspaceCommands.Create(ctl).Concat(VSchemaCommands.Create(ctl)).Concat(ReparentCommands.Create(ctl)).Concat(SchemaCommands.Create(ctl)))
            command.Subcommands.Add(c);
        return command;
    }
}
