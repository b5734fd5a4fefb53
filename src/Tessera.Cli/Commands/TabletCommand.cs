using System.CommandLine;

namespace Tessera.Cli.Commands;

internal static class TabletCommand
{
    public static Command Create()
    {
        var command = new Command("tablet", "the server in front of one MariaDB (Vitess vttablet)");
        command.SetAction(_ =>
        {
            // Filled in by issue #6; until then say so plainly rather than pretend.
            Console.Error.WriteLine("tessera tablet: not available yet in this build");
            return 2;
        });
        return command;
    }
}
