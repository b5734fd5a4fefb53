namespace Tessera.Tablet.Tests;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("2", 2_000)]
    [InlineData("0.25", 250)]
    [InlineData("0", 0)]
    public void Parses_GoDurationsAndBareSeconds(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10x")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("ten seconds")]
    public void Refuses_MalformedOrNegative(string text) => Assert.False(GoDuration.TryParse(text, out _));
}
