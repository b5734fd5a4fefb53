namespace Tessera.Testing;

/// Finds MariaDB's programs on PATH or in the Debian locations, or says how to install them.
/// The search is Tessera.Mysqlctl's (so tests find the same server the product does); this keeps
/// the FileNotFoundException tests already expect.
public static class MariaDbBinaries
{
    public static string Find(string name) =>
        Mysqlctl.MariaDbBinaries.TryFind(name)
        ?? throw new FileNotFoundException($"{name} not found on PATH or in /usr/sbin; {Mysqlctl.MariaDbBinaries.InstallHint}");
}
