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
        TryFind(name) ?? throw new MysqlctlException(Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir
            ? $"{name} not found in ${DirectoryVariable} ({dir}); {InstallHint}"
            : $"{name} not found on PATH or in /usr/sbin; {InstallHint}");

    /// $TESSERA_MARIADB_DIR, when set, is the only directory searched: it picks one MariaDB among
    /// several (an unpacked tarball, a newer build) instead of whatever PATH finds first.
    public const string DirectoryVariable = "TESSERA_MARIADB_DIR";

    public static string? TryFind(string name) => TryFind(name, SearchDirectories(Environment.GetEnvironmentVariable));

    internal static string? TryFind(string name, IEnumerable<string> directories)
    {
        foreach (var dir in directories)
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    internal static IEnumerable<string> SearchDirectories(Func<string, string?> environment)
    {
        var only = environment(DirectoryVariable);
        if (!string.IsNullOrEmpty(only)) return [only];
        var path = environment("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(WellKnownDirectories);
    }

    public static string Mariadbd => Find("mariadbd");

    public static string InstallDb => Find("mariadb-install-db");

    public static string Client => Find("mariadb");

    public static string Admin => Find("mariadb-admin");
}
