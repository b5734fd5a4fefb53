using System.CommandLine;

namespace Tessera.Cli.Commands;

internal static class CtlCommand
{
    public static Command Create()
    {
        var command = new Command("ctl", "the command-line client of ctld (Vitess vtctldclient)");
        command.SetAction(_ =>
        {
            // Filled in by issue #8; until then say so plainly rather than pretend.
            Console.Error.WriteLine("tessera ctl: not available yet in this build");
            return 2;
        });
        return command;
    }
}
