namespace Tessera.Mysqlctl.Tests;

public class MycnfTests
{
    [Fact]
    public void ForTablet_PathsHangOffTenDigitTabletDirectory()
    {
        var mycnf = Mycnf.ForTablet(100, "/data");
        Assert.Equal("/data/vt_0000000100", mycnf.TabletDir);
        Assert.Equal("/data/vt_0000000100/data", mycnf.DataDir);
        Assert.Equal("/data/vt_0000000100/mysql.sock", mycnf.SocketFile);
        Assert.Equal("/data/vt_0000000100/my.cnf", mycnf.MycnfFile);
        Assert.Equal("/data/vt_0000000100/bin-logs/vt-0000000100-bin", mycnf.BinLogPath);
    }

    [Fact]
    public void ForTablet_DefaultPortIs17000PlusUid_ServerIdIsUid()
    {
        var mycnf = Mycnf.ForTablet(100, "/data");
        Assert.Equal(17100, mycnf.Port);
        Assert.Equal(100u, mycnf.ServerId);
        Assert.Equal("127.0.0.1", mycnf.BindAddress);
        Assert.Equal(17555, Mycnf.ForTablet(100, "/data", 17555).Port);
    }

    [Theory]
    [InlineData(0L, null, "out of range")]
    [InlineData(-5L, null, "out of range")]
    [InlineData(4294967296L, null, "out of range")]
    [InlineData(60000L, null, "pass --mysql-port")]
    [InlineData(100L, 70000, "not a TCP port")]
    public void ForTablet_RejectsUidsAndPortsMariaDbCannotUse(long uid, int? port, string expected)
    {
        var e = Assert.Throws<MysqlctlException>(() => Mycnf.ForTablet(uid, "/data", port));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForTablet_SocketPathTooLongForUnixSocket_IsRejectedNamingTheDataRoot()
    {
        var e = Assert.Throws<MysqlctlException>(() => Mycnf.ForTablet(1, "/" + new string('x', 100)));
        Assert.Contains("--data-root", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/t", "/v", "/t")]
    [InlineData(null, "/v", "/v")]
    [InlineData("", "/v", "/v")]
    public void DefaultDataRoot_PrefersTesseraThenVitessVariable(string? tessera, string? vitess, string expected)
    {
        var env = new Dictionary<string, string?> { ["TESSERA_DATAROOT"] = tessera, ["VTDATAROOT"] = vitess };
        Assert.Equal(expected, Mycnf.DefaultDataRoot(name => env.GetValueOrDefault(name)));
    }

    [Fact]
    public void DefaultDataRoot_WithoutVariables_IsVtdatarootInCurrentDirectory()
    {
        Assert.Equal(Path.GetFullPath("vtdataroot"), Mycnf.DefaultDataRoot(_ => null));
    }
}
