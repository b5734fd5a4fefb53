using System.CommandLine;

namespace Tessera.Cli.Commands;

internal static class MysqlctlCommand
{
    public static Command Create()
    {
        var command = new Command("mysqlctl", "init, start, stop and remove a MariaDB instance (Vitess mysqlctl)");
        command.SetAction(_ =>
        {
            // Filled in by issue #2; until then say so plainly rather than pretend.
            Console.Error.WriteLine("tessera mysqlctl: not available yet in this build");
            return 2;
        });
        return command;
    }
}
