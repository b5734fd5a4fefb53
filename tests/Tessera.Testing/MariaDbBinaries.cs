namespace Tessera.Testing;

/// Finds MariaDB's programs on PATH or in the Debian locations, or says how to install them.
public static class MariaDbBinaries
{
    public static string Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/usr/bin", "/usr/local/bin"]))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{name} not found on PATH or in /usr/sbin; install MariaDB with: sudo apt-get install -y mariadb-server mariadb-client");
    }
}
