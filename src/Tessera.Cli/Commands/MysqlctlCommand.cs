using System.CommandLine;
using Tessera.Mysqlctl;

namespace Tessera.Cli.Commands;

/// `tessera mysqlctl`: Vitess's mysqlctl on MariaDB. The instance options go before the action as
/// Vitess writes them (`mysqlctl --tablet_uid 100 --mysql_port 17100 init`) or after it; the
/// underscore spellings are accepted so Vitess scripts run unchanged.
internal static class MysqlctlCommand
{
    public static Command Create()
    {
        var tabletUid = new Option<long>("--tablet-uid", "--tablet_uid")
        {
            Description = "the tablet's uid: names the directory vt_<uid as 10 digits> and is the MariaDB server_id",
            Required = true,
            Recursive = true,
        };
        var mysqlPort = new Option<int?>("--mysql-port", "--mysql_port")
        {
            Description = $"MariaDB's TCP port (default {Mycnf.DefaultPortBase} + uid; fixed at init)",
            Recursive = true,
        };
        var dataRoot = new Option<string?>("--data-root", "--data_root")
        {
            Description = "directory holding the instances (default $TESSERA_DATAROOT, else $VTDATAROOT, else ./vtdataroot)",
            Recursive = true,
        };
        var waitTime = new Option<int>("--wait-time", "--wait_time")
        {
            Description = "seconds to wait for mariadbd to start or stop",
            DefaultValueFactory = _ => (int)Mysqld.DefaultShutdownWait.TotalSeconds,
            Recursive = true,
        };

        var command = new Command("mysqlctl", "init, start, stop and remove a MariaDB instance (Vitess mysqlctl)");
        command.Options.Add(tabletUid);
        command.Options.Add(mysqlPort);
        command.Options.Add(dataRoot);
        command.Options.Add(waitTime);

        Command Action(string name, string description, Func<Mysqld, TimeSpan, CancellationToken, Task<string>> run)
        {
            var action = new Command(name, description);
            action.SetAction(async (parseResult, cancellationToken) =>
            {
                try
                {
                    var mysqld = Mysqld.ForTablet(parseResult.GetValue(tabletUid), parseResult.GetValue(dataRoot), parseResult.GetValue(mysqlPort));
                    var wait = TimeSpan.FromSeconds(Math.Max(1, parseResult.GetValue(waitTime)));
                    Console.Out.WriteLine(await run(mysqld, wait, cancellationToken));
                    return 0;
                }
                catch (Exception e) when (e is MysqlctlException or IOException or UnauthorizedAccessException)
                {
                    // One line a person can act on; the library's messages are written for this.
                    Console.Error.WriteLine($"tessera mysqlctl {name}: {e.Message}");
                    return 1;
                }
            });
            return action;
        }

        command.Subcommands.Add(Action("init", "create the instance (data directory, my.cnf, users, _vt) and leave it running", Init));
        command.Subcommands.Add(Action("start", "start the instance's MariaDB, detached, and wait until it answers", Start));
        command.Subcommands.Add(Action("shutdown", "stop the instance's MariaDB cleanly and wait for it to exit", Shutdown));
        command.Subcommands.Add(Action("teardown", "shut down if running, then remove the instance's directory", Teardown));
        command.Subcommands.Add(Action("status", "say whether the instance runs, with its pid, port and socket", Status));
        return command;
    }

    private static async Task<string> Init(Mysqld mysqld, TimeSpan wait, CancellationToken cancellationToken)
    {
        var m = mysqld.Mycnf;
        if (!await mysqld.InitAsync(wait, cancellationToken))
        {
            return $"tablet {m.TabletUid} is already initialised in {m.TabletDir}; nothing done ("
                + (mysqld.ProcessId is { } pid ? $"running, pid {pid})" : "not running; use start)");
        }
        return $"initialised tablet {m.TabletUid} in {m.TabletDir} and left MariaDB running: {Where(mysqld)}";
    }

    private static async Task<string> Start(Mysqld mysqld, TimeSpan wait, CancellationToken cancellationToken) =>
        await mysqld.StartAsync(wait, cancellationToken)
            ? $"started MariaDB for tablet {mysqld.Mycnf.TabletUid}: {Where(mysqld)}"
            : $"MariaDB for tablet {mysqld.Mycnf.TabletUid} is already running: {Where(mysqld)}";

    private static async Task<string> Shutdown(Mysqld mysqld, TimeSpan wait, CancellationToken cancellationToken)
    {
        var pid = mysqld.ProcessId;
        return await mysqld.ShutdownAsync(wait, cancellationToken)
            ? $"shut down MariaDB for tablet {mysqld.Mycnf.TabletUid} (pid {pid})"
            : $"MariaDB for tablet {mysqld.Mycnf.TabletUid} is not running; nothing to shut down";
    }

    private static async Task<string> Teardown(Mysqld mysqld, TimeSpan wait, CancellationToken cancellationToken) =>
        await mysqld.TeardownAsync(wait, cancellationToken)
            ? $"tore down tablet {mysqld.Mycnf.TabletUid}: removed {mysqld.Mycnf.TabletDir}"
            : $"nothing to tear down: {mysqld.Mycnf.TabletDir} does not exist";

    private static Task<string> Status(Mysqld mysqld, TimeSpan wait, CancellationToken cancellationToken)
    {
        var s = mysqld.Status();
        var state = s.Running ? $"running, {Where(mysqld)}"
            : s.Initialized ? $"not running (initialised in {s.TabletDir}, port {s.Port}, socket {s.SocketFile})"
            : $"not initialised ({s.TabletDir} has no instance)";
        return Task.FromResult($"tablet {s.TabletUid}: {state}");
    }

    private static string Where(Mysqld mysqld) =>
        $"pid {mysqld.ProcessId}, port {mysqld.Mycnf.Port} on {mysqld.Mycnf.BindAddress}, socket {mysqld.Mycnf.SocketFile}, error log {mysqld.Mycnf.ErrorLogPath}";
}
