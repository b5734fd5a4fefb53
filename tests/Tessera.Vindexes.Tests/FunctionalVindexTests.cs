using Tessera.Keys;
using Tessera.Vindexes;

namespace Tessera.Vindexes.Tests;

public class FunctionalVindexTests
{
    private static string HashHex(IHashingVindex v, SqlValue value)
    {
        Assert.True(v.TryHash(value, out KeyspaceId id, out string? reason), reason);
        return id.ToHex();
    }

    [Theory]
    [InlineData("Test", "0cbc6611f5540bd0809a388dc95a615b")]
    [InlineData("TEST", "033bd94b1168d7e4f0d644c3c95e35bf")]
    [InlineData("test1", "5a105e8b9d40e1329780d62ea2265d8a")]
    public void BinaryMd5_MatchesVitessVectors(string text, string expected) =>
        Assert.Equal(expected, HashHex(new BinaryMd5Vindex("md5"), SqlValue.FromBinary(System.Text.Encoding.UTF8.GetBytes(text))));

    [Fact]
    public void BinaryMd5_OfInteger_HashesItsDecimalText() =>
        Assert.Equal(HashHex(new BinaryMd5Vindex("md5"), "42"), HashHex(new BinaryMd5Vindex("md5"), SqlValue.FromInt64(42)));

    [Theory]
    [InlineData("test1", "d01ab7e4d6978f0b")]
    [InlineData("test2", "87eb11714c0a0e89")]
    [InlineData("testaverylongvaluetomakesurethisworks", "81d8c38e0d850e6a")]
    public void XxHash_OfText_MatchesVitessVectors(string text, string expected) =>
        Assert.Equal(expected, HashHex(new XxHashVindex("xx"), text));

    [Theory]
    [InlineData(1L, "d46405367612b4b7")]
    [InlineData(-1L, "d8e2a6a7c8c7623d")]
    [InlineData(long.MaxValue, "b37eb01f7bffafd8")]
    [InlineData(long.MinValue, "102c27ddb26a609e")]
    public void XxHash_OfInteger_MatchesVitessVectors(long value, string expected) =>
        Assert.Equal(expected, HashHex(new XxHashVindex("xx"), SqlValue.FromInt64(value)));

    [Theory]
    [InlineData(ulong.MaxValue, "477cfa8d6d8f1f8d")]
    [InlineData(9223372036854775807UL, "b37eb01f7bffafd8")]
    public void XxHash_OfUnsigned_MatchesVitessVectors(ulong value, string expected) =>
        Assert.Equal(expected, HashHex(new XxHashVindex("xx"), SqlValue.FromUInt64(value)));

    [Theory]
    [InlineData("Test", "0b5edbb401fd7524393690491d64f1f5")]
    [InlineData("TEST", "0b5edbb401fd7524393690491d64f1f5")]
    [InlineData("Tést", "0b5edbb401fd7524393690491d64f1f5")]
    [InlineData("Te\u0301st", "0b5edbb401fd7524393690491d64f1f5")]
    [InlineData("Test ", "0b5edbb401fd7524393690491d64f1f5")]
    [InlineData("Bést", "c2b2332e4f73d00741026249706f2fb6")]
    [InlineData(" Test", "a2e3515c7e8df1ffd2ccfc11c6b19dd1")]
    [InlineData("Test\t", "82456dd87a9c7a02b1c2056b5abaa272")]
    [InlineData("TéstLooong", "9683e12b80430cd453f5dfdfba81c9a5")]
    [InlineData("T", "ac0f9179f51db87fe8ecc0cf40cab97a")]
    public void UnicodeLooseMd5_MatchesVitessVectors(string text, string expected) =>
        Assert.Equal(expected, HashHex(new UnicodeLooseVindex("u", UnicodeLooseVindex.Md5Type), text));

    [Theory]
    [InlineData("Test", "42d21361087a4c07")]
    [InlineData("TEst", "42d21361087a4c07")]
    [InlineData("Tést", "42d21361087a4c07")]
    [InlineData("Te\u0301st", "42d21361087a4c07")]
    [InlineData("Test ", "42d21361087a4c07")]
    [InlineData("Bést", "926975b9ce2ec316")]
    [InlineData(" Test", "4fcb8be34ec05775")]
    [InlineData("Test\t", "20af87fc36e3fd51")]
    [InlineData("TéstLooong", "d3ea873942b484a7")]
    [InlineData("T", "f81c3be2d501fe18")]
    public void UnicodeLooseXxHash_MatchesVitessVectors(string text, string expected) =>
        Assert.Equal(expected, HashHex(new UnicodeLooseVindex("u", UnicodeLooseVindex.XxHashType), text));

    // Expected values: MD5 of the level-1 key of golang.org/x/text/collate 0.7.0 (root, Loose), the
    // collation Vitess forks for these vindexes; covers expansions, Hangul, supplementary planes,
    // ignorables and keys longer than the first buffer.
    [Theory]
    [InlineData("𠀀𠀁", "6ef810be9595489f62e636e234f97381")]
    [InlineData("😀 smile", "295f37eae9d6ba365cff40fc2b28d408")]
    [InlineData("ﬁnal", "a1da0e2117256ac270ccda40e46b1523")]
    [InlineData("①②", "9259e4d14f337d47b8ade1b01c22b9ee")]
    [InlineData("한국어", "5f9a3b2d70f704ba1549d8015524a538")]
    [InlineData("Straße", "495c70488e5e25057ffc85349b4ba143")]
    [InlineData("æble", "11a59612438eaf60e80e4dd45c12f521")]
    [InlineData("ǅemal", "20004640f41f7391a9e4691194c34ce5")]
    [InlineData("x\u0000y", "151656f5a46f5faab15d5e7e237f8878")]
    [InlineData("\u200bzero", "7e56fc874d3b73d39d244a1ecc6c20d4")]
    public void UnicodeLooseMd5_MatchesTheRootCollation(string text, string expected) =>
        Assert.Equal(expected, HashHex(new UnicodeLooseVindex("u", UnicodeLooseVindex.Md5Type), text));

    [Fact]
    public void UnicodeLooseMd5_LongText_MatchesTheRootCollation() =>
        Assert.Equal(
            "22d61a4cb52dcae628699db3ea955ed2",
            HashHex(new UnicodeLooseVindex("u", UnicodeLooseVindex.Md5Type), string.Concat(Enumerable.Repeat("Ünïcödé ", 40)) + "end"));

    [Theory]
    [InlineData("straße", "STRASSE")]
    [InlineData("Ünïcödé", "unicode")]
    [InlineData("ｆｕｌｌ", "full")]
    public void UnicodeLoose_IgnoresCaseAccentsAndWidth(string a, string b)
    {
        var v = new UnicodeLooseVindex("u", UnicodeLooseVindex.Md5Type);
        Assert.Equal(HashHex(v, a), HashHex(v, b));
    }

    [Fact]
    public void UnicodeLoose_DifferentLetters_Differ()
    {
        var v = new UnicodeLooseVindex("u", UnicodeLooseVindex.Md5Type);
        Assert.NotEqual(HashHex(v, "Test"), HashHex(v, "Tost"));
        Assert.NotEqual(HashHex(v, "中文"), HashHex(v, "中"));
    }

    [Fact]
    public async Task UnicodeLoose_InvalidUtf8_MapsToNoneAndVerifySaysWhy()
    {
        var v = new UnicodeLooseVindex("u", UnicodeLooseVindex.Md5Type);
        SqlValue bad = SqlValue.FromBinary(new byte[] { 0x54, 0xff, 0xfe });
        Assert.Equal(DestinationNone.Instance, v.Map(bad));
        var e = await Assert.ThrowsAsync<VindexException>(async () => await v.VerifyAsync(null, [bad], [KeyspaceId.FromHex("00")]));
        Assert.Contains("x'54fffe'", e.Message, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1L, "0000000000000001")]
    [InlineData(256L, "0000000000000100")]
    [InlineData(-1L, "ffffffffffffffff")]
    public void Numeric_IsBigEndianIdentity(long value, string expected) =>
        Assert.Equal(expected, HashHex(new NumericVindex("n"), SqlValue.FromInt64(value)));

    [Fact]
    public void Numeric_ReverseMap_GivesTheNumberBack()
    {
        var n = new NumericVindex("n");
        Assert.Equal(SqlValue.FromUInt64(256), n.ReverseMap(KeyspaceId.FromHex("0000000000000100")));
        Assert.Equal(0, n.Cost);
    }

    [Theory]
    [InlineData(1L, "8000000000000000")]
    [InlineData(2L, "4000000000000000")]
    [InlineData(3L, "c000000000000000")]
    [InlineData(4L, "2000000000000000")]
    [InlineData(5L, "a000000000000000")]
    [InlineData(6L, "6000000000000000")]
    public void ReverseBits_MatchesVitessVectors(long value, string expected) =>
        Assert.Equal(expected, HashHex(new ReverseBitsVindex("r"), SqlValue.FromInt64(value)));

    [Fact]
    public void ReverseBits_ReverseMap_GivesTheNumberBack()
    {
        var r = new ReverseBitsVindex("r");
        Assert.Equal(SqlValue.FromUInt64(1), r.ReverseMap(KeyspaceId.FromHex("8000000000000000")));
        Assert.Throws<VindexException>(() => r.ReverseMap(KeyspaceId.FromHex("80000000000000008000000000000000")));
    }

    [Fact]
    public void Binary_IsTheBytesThemselves()
    {
        var b = new BinaryVindex("b");
        Assert.Equal("74657374", HashHex(b, "test"));
        Assert.Equal("3432", HashHex(b, SqlValue.FromInt64(42)));
        Assert.Equal(SqlValue.FromBinary(new byte[] { 1, 2 }), b.ReverseMap(KeyspaceId.FromHex("0102")));
    }

    public static TheoryData<string> AllFunctionalTypes =>
        [HashVindex.Type, BinaryMd5Vindex.Type, XxHashVindex.Type, NumericVindex.Type, BinaryVindex.Type, ReverseBitsVindex.Type, UnicodeLooseVindex.Md5Type, UnicodeLooseVindex.XxHashType];

    [Theory]
    [MemberData(nameof(AllFunctionalTypes))]
    public async Task Functional_Null_MapsToNoneAndVerifySaysWhy(string type)
    {
        var v = (IHashingVindex)VindexRegistry.Default.Create(type, "v");
        Assert.Equal(DestinationNone.Instance, v.Map(SqlValue.Null));
        var e = await Assert.ThrowsAsync<VindexException>(async () => await v.VerifyAsync(null, [SqlValue.Null], [KeyspaceId.FromHex("00")]));
        Assert.Contains("NULL", e.Message, StringComparison.Ordinal);
        Assert.True(v.IsUnique);
        Assert.False(v.NeedsVCursor);
    }

    [Theory]
    [MemberData(nameof(AllFunctionalTypes))]
    public async Task Functional_Verify_AgreesWithMap(string type)
    {
        var v = (IHashingVindex)VindexRegistry.Default.Create(type, "v");
        SqlValue value = SqlValue.FromInt64(12345);
        Assert.True(v.TryHash(value, out KeyspaceId id, out _));
        bool[] ok = await v.VerifyAsync(null, [value, value], [id, KeyspaceId.FromHex("0102")]);
        Assert.Equal([true, false], ok);
    }
}
