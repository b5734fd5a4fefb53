namespace Tessera.Mysqlctl.Tests;

public class MycnfGeneratorTests
{
    private static readonly Mycnf Tablet100 = Mycnf.ForTablet(100, "/data");

    [Theory]
    [InlineData("server-id = 100")]
    [InlineData("port = 17100")]
    [InlineData("bind-address = 127.0.0.1")]
    [InlineData("socket = /data/vt_0000000100/mysql.sock")]
    [InlineData("datadir = /data/vt_0000000100/data")]
    [InlineData("log-bin = /data/vt_0000000100/bin-logs/vt-0000000100-bin")]
    [InlineData("relay-log = /data/vt_0000000100/relay-logs/vt-0000000100-relay-bin")]
    [InlineData("binlog-format = ROW")]
    [InlineData("binlog-row-image = FULL")]
    [InlineData("binlog-row-metadata = FULL")]
    [InlineData("log-slave-updates = ON")]
    [InlineData("gtid-strict-mode = ON")]
    [InlineData("gtid-domain-id = 0")]
    [InlineData("user = tessera")]
    public void Generate_WritesTheSettingATabletNeeds(string line)
    {
        var lines = MycnfGenerator.Generate(Tablet100, osUser: "tessera").Split('\n');
        Assert.Contains(line, lines);
    }

    [Fact]
    public void Generate_StartsWithTheMysqldSection()
    {
        var lines = MycnfGenerator.Generate(Tablet100).Split('\n').Where(l => l.Length > 0 && l[0] != '#');
        Assert.Equal("[mysqld]", lines.First());
    }

    [Fact]
    public void ReadPort_ReadsBackTheGeneratedPort()
    {
        Assert.Equal(17555, MycnfGenerator.ReadPort(MycnfGenerator.Generate(Tablet100 with { Port = 17555 })));
    }

    [Fact]
    public void ReadPort_IgnoresOtherOptionsStartingWithPort()
    {
        Assert.Null(MycnfGenerator.ReadPort("[mysqld]\nport-open-timeout = 10\n"));
        Assert.Equal(3306, MycnfGenerator.ReadPort("[mysqld]\nport-open-timeout = 10\nport=3306\n"));
    }
}
