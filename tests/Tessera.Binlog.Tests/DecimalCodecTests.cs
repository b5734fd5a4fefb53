using Tessera.Binlog.Rows;

namespace Tessera.Binlog.Tests;

public class DecimalCodecTests
{
    // Vectors from the layout in strings/decimal.c: 1234567890.1234 as DECIMAL(14,4) is
    // 81 0D FB 38 D2 04 D2 (and the one's complement of it for the negative).
    [Theory]
    [InlineData("810DFB38D204D2", 14, 4, "1234567890.1234")]
    [InlineData("7EF204C72DFB2D", 14, 4, "-1234567890.1234")]
    [InlineData("8000000000", 10, 2, "0.00")]
    [InlineData("80", 2, 0, "0")]
    [InlineData("800003", 5, 5, "0.00003")]
    public void Decimal_Format_ReadsGroupsOfNineDigits(string hex, int precision, int scale, string expected) =>
        Assert.Equal(expected, DecimalCodec.Format(Convert.FromHexString(hex), precision, scale));

    [Theory]
    [InlineData(14, 4, 7)]
    [InlineData(65, 30, 30)]
    [InlineData(10, 2, 5)]
    [InlineData(5, 5, 3)]
    public void Decimal_BinarySize_MatchesLayout(int precision, int scale, int expected) =>
        Assert.Equal(expected, DecimalCodec.BinarySize(precision, scale));
}
