using System.CommandLine;

namespace Tessera.Cli.Commands;

internal static class CtldCommand
{
    public static Command Create()
    {
        var command = new Command("ctld", "the control daemon (Vitess vtctld)");
        command.SetAction(_ =>
        {
            // Filled in by issue #8; until then say so plainly rather than pretend.
            Console.Error.WriteLine("tessera ctld: not available yet in this build");
            return 2;
        });
        return command;
    }
}
