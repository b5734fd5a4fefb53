using System.Diagnostics;
using Tessera.Mysqlctl;

namespace Tessera.Cli.Local;

// `local up` needs MariaDB's server, installer and client. As root with apt-get it installs them
// (saying so); otherwise it names the one command to run.
internal static class MariaDbCheck
{
    private const string Packages = "mariadb-server mariadb-client";

    public static bool Ensure(TextWriter output)
    {
        if (Present()) return true;
        var isRoot = Environment.UserName == "root";
        var hasApt = File.Exists("/usr/bin/apt-get");
        if (!isRoot || !hasApt)
        {
            output.WriteLine($"tessera local: MariaDB is not installed; install it with: {(isRoot ? "" : "sudo ")}apt-get install -y {Packages}");
            return false;
        }

        output.WriteLine($"tessera local: MariaDB is not installed; installing it: apt-get install -y {Packages}");
        foreach (var args in new[] { "update", $"install -y {Packages}" })
        {
            var info = new ProcessStartInfo("apt-get", args) { UseShellExecute = false };
            info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var apt = Process.Start(info);
            apt?.WaitForExit();
            if (apt is null || apt.ExitCode != 0)
            {
                output.WriteLine($"tessera local: apt-get {args} failed");
                return false;
            }
        }

        return Present();
    }

    private static bool Present() =>
        MariaDbBinaries.TryFind("mariadbd") is not null && MariaDbBinaries.TryFind("mariadb-install-db") is not null;
}
