using System.CommandLine;

namespace Tessera.Cli.Commands;

internal static class GateCommand
{
    public static Command Create()
    {
        var command = new Command("gate", "the MySQL-protocol front end (Vitess vtgate)");
        command.SetAction(_ =>
        {
            // Filled in by issue #7; until then say so plainly rather than pretend.
            Console.Error.WriteLine("tessera gate: not available yet in this build");
            return 2;
        });
        return command;
    }
}
