using Tessera.Binlog.Positions;

namespace Tessera.Binlog.Tests;

public class PositionTests
{
    [Theory]
    [InlineData("0-100-42,1-200-7", "0-100-42,1-200-7")]
    [InlineData("1-200-7,0-100-42", "0-100-42,1-200-7")]
    [InlineData("MariaDB/0-1-5", "0-1-5")]
    [InlineData("", "")]
    [InlineData(" 3-4-18446744073709551615 ", "3-4-18446744073709551615")]
    public void Position_Parse_FormatsSortedByDomain(string text, string expected) =>
        Assert.Equal(expected, MariaDbGtidPosition.Parse(text).ToString());

    [Theory]
    [InlineData("0-1")]
    [InlineData("0-1-x")]
    [InlineData("0-1-5,0-2-6")]
    [InlineData("-1-1-1")]
    [InlineData("0-1-5,,1-1-1")]
    public void Position_Parse_RejectsMalformed(string text) =>
        Assert.Throws<FormatException>(() => MariaDbGtidPosition.Parse(text));

    [Theory]
    [InlineData("0-1-10,1-1-5", "0-1-10", true)]
    [InlineData("0-1-10,1-1-5", "0-2-9,1-1-5", true)]
    [InlineData("0-1-10", "0-1-11", false)]
    [InlineData("0-1-10", "0-1-10,1-1-1", false)]
    [InlineData("0-1-10", "", true)]
    [InlineData("", "0-1-1", false)]
    public void Position_AtLeast_ComparesEveryDomainBySequence(string mine, string other, bool expected) =>
        Assert.Equal(expected, MariaDbGtidPosition.Parse(mine).AtLeast(MariaDbGtidPosition.Parse(other)));

    [Fact]
    public void Position_Advance_ReplacesOnlyItsDomain()
    {
        var position = MariaDbGtidPosition.Parse("0-1-10,2-1-3");
        Assert.Equal("0-1-10,1-5-1,2-1-3", position.Advance(new MariaDbGtid(1, 5, 1)).ToString());
        Assert.Equal("0-7-11,2-1-3", position.Advance(new MariaDbGtid(0, 7, 11)).ToString());
        Assert.Equal("0-1-10,2-1-3", position.ToString());
    }

    [Fact]
    public void Position_Contains_IsAtOrBeforeInDomain()
    {
        var position = MariaDbGtidPosition.Parse("0-1-10");
        Assert.True(position.Contains(new MariaDbGtid(0, 1, 10)));
        Assert.True(position.Contains(new MariaDbGtid(0, 2, 3)));
        Assert.False(position.Contains(new MariaDbGtid(0, 1, 11)));
        Assert.False(position.Contains(new MariaDbGtid(1, 1, 1)));
    }

    [Fact]
    public void Flavor_StartStatements_NameThePosition()
    {
        IReplicationFlavor flavor = MariaDbFlavor.Instance;
        var statements = flavor.StartStreamStatements(flavor.ParsePosition("0-1-5"));
        Assert.Contains("SET @slave_connect_state='0-1-5'", statements);
        Assert.Contains("SET @master_binlog_checksum='CRC32'", statements);
    }
}
