using Tessera.Vindexes;

namespace Tessera.Vindexes.Tests;

public class SqlValueTests
{
    [Theory]
    [InlineData("123", 123UL)]
    [InlineData(" 42\t", 42UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("007", 7UL)]
    public void SqlValue_TextThatIsANumber_CastsLikeVitess(string text, ulong expected)
    {
        Assert.True(SqlValue.FromString(text).TryCastUInt64(out ulong v, out _));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("", "not an integer")]
    [InlineData("  ", "not an integer")]
    [InlineData("-1", "not an integer")]
    [InlineData("12a", "not an integer")]
    [InlineData("1.5", "not an integer")]
    [InlineData("18446744073709551616", "out of range")]
    [InlineData("99999999999999999999", "out of range")]
    public void SqlValue_TextThatIsNotANumber_SaysWhy(string text, string reason)
    {
        Assert.False(SqlValue.FromString(text).TryCastUInt64(out _, out string? why));
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }

    [Fact]
    public void SqlValue_SignedCast_IsTwosComplement()
    {
        Assert.True(SqlValue.FromInt64(-2).TryCastUInt64(out ulong v, out _));
        Assert.Equal(ulong.MaxValue - 1, v);
    }

    [Fact]
    public void SqlValue_Null_HasNoNumber()
    {
        Assert.False(SqlValue.Null.TryCastUInt64(out _, out string? why));
        Assert.Contains("NULL", why, StringComparison.Ordinal);
        Assert.True(default(SqlValue).IsNull);
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-9223372036854775808L, "-9223372036854775808")]
    [InlineData(9223372036854775807L, "9223372036854775807")]
    public void SqlValue_IntegerBytes_AreDecimalText(long value, string text)
    {
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(text), SqlValue.FromInt64(value).ToBytes());
        Assert.Equal(text, SqlValue.FromInt64(value).ToString());
    }

    [Fact]
    public void SqlValue_ToString_QuotesForErrorMessages()
    {
        Assert.Equal("'abc'", SqlValue.FromString("abc").ToString());
        Assert.Equal("x'0aff'", SqlValue.FromBinary(new byte[] { 0x0a, 0xff }).ToString());
        Assert.Equal("NULL", SqlValue.Null.ToString());
        Assert.Equal("18446744073709551615", SqlValue.FromUInt64(ulong.MaxValue).ToString());
    }

    [Fact]
    public void SqlValue_Equality_IncludesKind()
    {
        Assert.Equal(SqlValue.FromString("a"), SqlValue.FromString("a"));
        Assert.NotEqual(SqlValue.FromString("a"), SqlValue.FromBinary("a"u8.ToArray()));
        Assert.NotEqual(SqlValue.FromInt64(1), SqlValue.FromUInt64(1));
    }

    [Fact]
    public void SqlValue_WrongAccessor_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => SqlValue.FromString("1").Int64Value);
        Assert.Equal(5L, SqlValue.FromInt64(5).Int64Value);
        Assert.Equal(5UL, SqlValue.FromUInt64(5).UInt64Value);
    }
}
