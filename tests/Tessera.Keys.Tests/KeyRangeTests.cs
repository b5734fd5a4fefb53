using Tessera.Keys;

namespace Tessera.Keys.Tests;

public class KeyRangeTests
{
    [Theory]
    [InlineData("-80", "", "80")]
    [InlineData("80-", "80", "")]
    [InlineData("40-80", "40", "80")]
    [InlineData("-", "", "")]
    [InlineData("0", "", "")]
    [InlineData("4000-8000", "4000", "8000")]
    public void KeyRange_Parse_ReadsBounds(string shard, string start, string end)
    {
        KeyRange range = KeyRange.Parse(shard);
        Assert.Equal(start, Convert.ToHexStringLower(range.Start));
        Assert.Equal(end, Convert.ToHexStringLower(range.End));
    }

    [Theory]
    [InlineData("-")]
    [InlineData("0")]
    public void KeyRange_DashAndZero_AreFullRange(string shard)
    {
        KeyRange range = KeyRange.Parse(shard);
        Assert.True(range.IsFullRange);
        Assert.Equal(KeyRange.Full, range);
        Assert.Equal("-", range.ToString());
    }

    [Theory]
    [InlineData("-80")]
    [InlineData("80-")]
    [InlineData("40-80")]
    public void KeyRange_PartialRanges_AreNotFull(string shard) => Assert.False(KeyRange.Parse(shard).IsFullRange);

    [Fact]
    public void KeyRange_TrailingZeroBytes_AreEqual()
    {
        Assert.Equal(KeyRange.Parse("-80"), KeyRange.Parse("-8000"));
        Assert.Equal(KeyRange.Parse("40-80"), KeyRange.Parse("4000-800000"));
        Assert.Equal(KeyRange.Parse("-80").GetHashCode(), KeyRange.Parse("-8000").GetHashCode());
        Assert.Equal(KeyRange.Parse("-80"), KeyRange.Parse("00-80"));
        Assert.True(KeyRange.Parse("-80") == KeyRange.Parse("-8000"));
    }

    [Fact]
    public void KeyRange_DifferentBounds_AreNotEqual()
    {
        Assert.NotEqual(KeyRange.Parse("-80"), KeyRange.Parse("-81"));
        Assert.NotEqual(KeyRange.Parse("-80"), KeyRange.Parse("-8001"));
        Assert.NotEqual(KeyRange.Parse("80-"), KeyRange.Parse("80-ff"));
        Assert.NotEqual(KeyRange.Parse("80-"), KeyRange.Parse("-80"));
    }

    [Theory]
    [InlineData("-80", "-80")]
    [InlineData("40-80", "40-80")]
    [InlineData("A0-", "a0-")]
    [InlineData("4F-C0", "4f-c0")]
    [InlineData("-", "-")]
    [InlineData("-8000", "-8000")]
    public void KeyRange_ToString_IsCanonicalLowercaseName(string shard, string canonical) =>
        Assert.Equal(canonical, KeyRange.Parse(shard).ToString());

    [Fact]
    public void KeyRange_Uppercase_EqualsLowercase() => Assert.Equal(KeyRange.Parse("4f-c0"), KeyRange.Parse("4F-C0"));

    [Fact]
    public void KeyRange_MoreThanOneDash_IsRejectedWithReason()
    {
        var e = Assert.Throws<KeyFormatException>(() => KeyRange.Parse("40-80-c0"));
        Assert.Contains("\"40-80-c0\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("only one '-'", e.Message, StringComparison.Ordinal);
        Assert.Equal("40-80-c0", e.Input);
    }

    [Theory]
    [InlineData("8-")]
    [InlineData("-808")]
    [InlineData("123-456")]
    public void KeyRange_OddHexDigits_IsRejected(string shard)
    {
        var e = Assert.Throws<KeyFormatException>(() => KeyRange.Parse(shard));
        Assert.Contains($"\"{shard}\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("odd number of hex digits", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-8g", 'g')]
    [InlineData("zz-", 'z')]
    [InlineData("0x-80", 'x')]
    public void KeyRange_NonHexCharacters_AreRejected(string shard, char bad)
    {
        var e = Assert.Throws<KeyFormatException>(() => KeyRange.Parse(shard));
        Assert.Contains($"'{bad}' is not a hex digit", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("80-40")]
    [InlineData("80-80")]
    [InlineData("80-8000")]
    [InlineData("-00")]
    public void KeyRange_StartNotBeforeEnd_IsRejected(string shard)
    {
        var e = Assert.Throws<KeyFormatException>(() => KeyRange.Parse(shard));
        Assert.Contains("start must be strictly smaller than end", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyRange_EmptyName_IsRejected() => Assert.Throws<KeyFormatException>(() => KeyRange.Parse(""));

    [Fact]
    public void KeyRange_TryParse_ReportsFailureWithoutThrowing()
    {
        Assert.False(KeyRange.TryParse("80-40", out _));
        Assert.True(KeyRange.TryParse("40-80", out KeyRange r));
        Assert.Equal("40-80", r.ToString());
    }

    [Theory]
    [InlineData("-80", "00", true)]
    [InlineData("-80", "", true)]
    [InlineData("-80", "7fffffffffffffff", true)]
    [InlineData("-80", "80", false)]
    [InlineData("-80", "8000000000000000", false)]
    [InlineData("-8000", "80", false)]
    [InlineData("80-", "80", true)]
    [InlineData("80-", "8000", true)]
    [InlineData("80-", "7fff", false)]
    [InlineData("80-", "ff", true)]
    [InlineData("40-80", "40", true)]
    [InlineData("40-80", "3fff", false)]
    [InlineData("40-80", "7fffffffffff", true)]
    [InlineData("40-80", "80", false)]
    [InlineData("-", "ffffffffffffffff", true)]
    [InlineData("0", "00", true)]
    public void KeyRange_Contains_IsStartInclusiveEndExclusive(string shard, string id, bool expected) =>
        Assert.Equal(expected, KeyRange.Parse(shard).Contains(KeyspaceId.FromHex(id)));

    [Theory]
    [InlineData("-80", "40-", true)]
    [InlineData("-80", "80-", false)]
    [InlineData("-8000", "80-", false)]
    [InlineData("40-80", "80-c0", false)]
    [InlineData("40-80", "7f-c0", true)]
    [InlineData("-", "40-80", true)]
    [InlineData("-40", "c0-", false)]
    [InlineData("20-30", "10-40", true)]
    public void KeyRange_Intersects_IsSymmetric(string a, string b, bool expected)
    {
        Assert.Equal(expected, KeyRange.Parse(a).Intersects(KeyRange.Parse(b)));
        Assert.Equal(expected, KeyRange.Parse(b).Intersects(KeyRange.Parse(a)));
    }

    [Theory]
    [InlineData("-80", "40-", "40-80")]
    [InlineData("-", "40-80", "40-80")]
    [InlineData("-", "-", "-")]
    [InlineData("20-30", "10-40", "20-30")]
    [InlineData("10-30", "20-40", "20-30")]
    [InlineData("80-", "c0-", "c0-")]
    public void KeyRange_Intersect_ReturnsCommonPart(string a, string b, string expected)
    {
        Assert.Equal(KeyRange.Parse(expected), KeyRange.Parse(a).Intersect(KeyRange.Parse(b)));
        Assert.Equal(KeyRange.Parse(expected), KeyRange.Parse(b).Intersect(KeyRange.Parse(a)));
    }

    [Fact]
    public void KeyRange_Intersect_OfDisjointRanges_IsNull() =>
        Assert.Null(KeyRange.Parse("-80").Intersect(KeyRange.Parse("80-")));

    [Theory]
    [InlineData("-", "40-80", true)]
    [InlineData("-80", "-40", true)]
    [InlineData("-80", "40-", false)]
    [InlineData("80-", "c0-", true)]
    [InlineData("c0-", "80-", false)]
    [InlineData("40-80", "40-80", true)]
    public void KeyRange_ContainsRange_MeansEveryIdIsInside(string outer, string inner, bool expected) =>
        Assert.Equal(expected, KeyRange.Parse(outer).Contains(KeyRange.Parse(inner)));

    [Fact]
    public void KeyRange_Create_RefusesOutOfOrderBounds() =>
        Assert.Throws<KeyFormatException>(() => KeyRange.Create([0x80], [0x40]));

    [Fact]
    public void KeyRange_IsKeyRangeName_DistinguishesUnshardedNames()
    {
        Assert.False(KeyRange.IsKeyRangeName("0"));
        Assert.True(KeyRange.IsKeyRangeName("-"));
        Assert.True(KeyRange.IsKeyRangeName("-80"));
    }
}
