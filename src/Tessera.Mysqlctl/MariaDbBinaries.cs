namespace Tessera.Mysqlctl;

/// Finds MariaDB's programs on PATH or in the Debian locations (mariadbd lives in /usr/sbin,
/// which is not on an ordinary user's PATH), or says how to install them.
public static class MariaDbBinaries
{
    public const string InstallHint = "install MariaDB with: sudo apt-get install -y mariadb-server mariadb-client";

    private static readonly string[] WellKnownDirectories = ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"];

    /// The full path of <paramref name="name"/> (e.g. "mariadbd"), or a MysqlctlException saying
    /// how to install MariaDB.
    public static string Find(string name) =>
        TryFind(name) ?? throw new MysqlctlException($"{name} not found on PATH or in /usr/sbin; {InstallHint}");

    public static string? TryFind(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(WellKnownDirectories))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static string Mariadbd => Find("mariadbd");

    public static string InstallDb => Find("mariadb-install-db");

    public static string Client => Find("mariadb");

    public static string Admin => Find("mariadb-admin");
}
