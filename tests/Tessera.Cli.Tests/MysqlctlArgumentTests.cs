namespace Tessera.Cli.Tests;

/// The command line parsed in-process, as the real executable parses it (Program.BuildRoot).
public class MysqlctlArgumentTests
{
    [Theory]
    [InlineData("mysqlctl --tablet_uid 100 --mysql_port 17100 init")]
    [InlineData("mysqlctl --tablet-uid 100 --mysql-port 17100 init")]
    [InlineData("mysqlctl init --tablet-uid 100 --mysql-port 17100")]
    [InlineData("mysqlctl --tablet_uid 100 init --mysql_port 17100")]
    public void VitessOrderAndSpellings_ParseToTheSameValues(string commandLine)
    {
        var result = Program.BuildRoot().Parse(commandLine);
        Assert.Empty(result.Errors);
        Assert.Equal("init", result.CommandResult.Command.Name);
        Assert.Equal(100, result.GetValue<long>("--tablet-uid"));
        Assert.Equal(17100, result.GetValue<int?>("--mysql-port"));
    }

    [Theory]
    [InlineData("init")]
    [InlineData("start")]
    [InlineData("shutdown")]
    [InlineData("teardown")]
    [InlineData("status")]
    public void EveryAction_WithoutTabletUid_IsAnErrorNamingTheOption(string action)
    {
        var result = Program.BuildRoot().Parse($"mysqlctl {action}");
        Assert.Contains(result.Errors, e => e.Message.Contains("--tablet-uid", StringComparison.Ordinal));
    }

    [Fact]
    public void MysqlPort_IsOptional()
    {
        var result = Program.BuildRoot().Parse("mysqlctl --tablet-uid 5 status");
        Assert.Empty(result.Errors);
        Assert.Null(result.GetValue<int?>("--mysql-port"));
    }

    [Fact]
    public void AnUnknownAction_IsAnError()
    {
        Assert.NotEmpty(Program.BuildRoot().Parse("mysqlctl --tablet-uid 5 explode").Errors);
    }
}
