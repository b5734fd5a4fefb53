namespace Tessera.Mysqlctl.Tests;

public class MariaDbBinariesTests
{
    [Fact]
    public void Find_Mariadbd_IsFoundOutsidePathToo()
    {
        // mariadbd lives in /usr/sbin on Debian, which a normal user's PATH lacks.
        var found = MariaDbBinaries.TryFind("mariadbd", MariaDbBinaries.SearchDirectories(name => name == "PATH" ? "/nonexistent" : null));
        Assert.NotNull(found);
        Assert.True(File.Exists(found));
    }

    [Fact]
    public void SearchDirectories_OverrideVariable_IsTheOnlyPlaceSearched()
    {
        var dirs = MariaDbBinaries.SearchDirectories(name => name == MariaDbBinaries.DirectoryVariable ? "/opt/mariadb/bin" : "/usr/bin");
        Assert.Equal(["/opt/mariadb/bin"], dirs);
        Assert.Null(MariaDbBinaries.TryFind("mariadbd", ["/nonexistent"]));
    }

    [Fact]
    public void Find_Missing_SaysHowToInstallMariaDb()
    {
        var e = Assert.Throws<MysqlctlException>(() => MariaDbBinaries.Find("mariadbd-that-does-not-exist"));
        Assert.Contains("sudo apt-get install -y mariadb-server mariadb-client", e.Message, StringComparison.Ordinal);
    }
}
