using System.CommandLine;

namespace Tessera.Cli.Commands;

internal static class LocalCommand
{
    public static Command Create()
    {
        var command = new Command("local", "bring the local example cluster up and down");
        command.SetAction(_ =>
        {
            // Filled in by issue #8; until then say so plainly rather than pretend.
            Console.Error.WriteLine("tessera local: not available yet in this build");
            return 2;
        });
        return command;
    }
}
