using Tessera.Testing;

namespace Tessera.Cli.Tests;

public class HelpTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("gate --help")]
    [InlineData("tablet --help")]
    [InlineData("mysqlctl --help")]
    [InlineData("ctld --help")]
    [InlineData("ctl --help")]
    [InlineData("local --help")]
    [InlineData("mysqlctl init --help")]
    [InlineData("mysqlctl start --help")]
    [InlineData("mysqlctl shutdown --help")]
    [InlineData("mysqlctl teardown --help")]
    [InlineData("mysqlctl status --help")]
    public async Task Help_PrintsUsage_ForEveryCommand(string commandLine)
    {
        var result = await TesseraProcess.RunAsync(commandLine.Split(' '));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
        var command = commandLine.Split(' ')[..^1];
        Assert.Contains(string.Join(' ', ["tessera", .. command]), result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task MysqlctlHelp_ListsItsActionsAndTheVitessSpellings()
    {
        var result = await TesseraProcess.RunAsync("mysqlctl", "--help");
        foreach (var text in new[] { "init", "start", "shutdown", "teardown", "status", "--tablet_uid", "--mysql_port", "--data-root" })
            Assert.Contains(text, result.Stdout, StringComparison.Ordinal);
    }
}
