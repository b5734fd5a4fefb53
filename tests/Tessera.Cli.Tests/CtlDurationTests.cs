using Tessera.Cli.Commands.Ctl;

namespace Tessera.Cli.Tests;

public class CtlDurationTests
{
    [Theory]
    [InlineData("15s", 15_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("0", 0)]
    public void GoDuration_ParsesWhatVtctldclientFlagsTake(string text, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), GoDuration.Parse(text));

    [Theory]
    [InlineData("15")]
    [InlineData("soon")]
    [InlineData("")]
    [InlineData("5d")]
    public void GoDuration_RefusesWhatIsNotADuration(string text) =>
        Assert.Throws<CtlUsageException>(() => GoDuration.Parse(text));
}
