using Tessera.Keys;
using Tessera.Vindexes;

namespace Tessera.Vindexes.Tests;

public class HashVindexTests
{
    private static readonly HashVindex Hash = new("hash");

    [Theory]
    [InlineData(1L, "166b40b44aba4bd6")]
    [InlineData(4L, "d2fd8867d50d2dfe")]
    [InlineData(0L, "8ca64de9c1b123a7")]
    [InlineData(-1L, "355550b2150e2451")]
    public void Hash_Int64_MatchesVitessVectors(long value, string expected)
    {
        Assert.True(Hash.TryHash(SqlValue.FromInt64(value), out KeyspaceId id, out _));
        Assert.Equal(expected, id.ToHex());
    }

    [Fact]
    public void Hash_NegativeInt_IsTwosComplementOfUInt64() =>
        Assert.Equal(Hash.Map(SqlValue.FromInt64(-1)), Hash.Map(SqlValue.FromUInt64(ulong.MaxValue)));

    [Theory]
    [InlineData("1")]
    [InlineData(" 1 ")]
    public void Hash_NumericText_IsParsedAsVitessDoes(string text) =>
        Assert.Equal(new DestinationKeyspaceId(KeyspaceId.FromHex("166b40b44aba4bd6")), Hash.Map(SqlValue.FromString(text)));

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData("18446744073709551616")]
    public void Hash_NonNumericText_MapsToNone(string text) =>
        Assert.Equal(DestinationNone.Instance, Hash.Map(SqlValue.FromString(text)));

    [Fact]
    public void Hash_Null_MapsToNone() => Assert.Equal(DestinationNone.Instance, Hash.Map(SqlValue.Null));

    [Fact]
    public async Task Hash_Verify_ComparesKeyspaceIds()
    {
        bool[] ok = await Hash.VerifyAsync(null, [SqlValue.FromInt64(1), SqlValue.FromInt64(4)], [KeyspaceId.FromHex("166b40b44aba4bd6"), KeyspaceId.FromHex("166b40b44aba4bd6")]);
        Assert.Equal([true, false], ok);
    }

    [Fact]
    public async Task Hash_Verify_OfText_SaysWhichValueAndWhy()
    {
        var e = await Assert.ThrowsAsync<VindexException>(async () =>
            await Hash.VerifyAsync(null, [SqlValue.FromString("abc")], [KeyspaceId.FromHex("00")]));
        Assert.Contains("'abc'", e.Message, StringComparison.Ordinal);
        Assert.Contains("not an integer", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(0UL)]
    [InlineData(ulong.MaxValue)]
    [InlineData(123456789012UL)]
    public void Hash_ReverseMap_GivesTheNumberBack(ulong value)
    {
        Assert.True(Hash.TryHash(SqlValue.FromUInt64(value), out KeyspaceId id, out _));
        Assert.Equal(SqlValue.FromUInt64(value), Hash.ReverseMap(id));
    }

    [Fact]
    public void Hash_ReverseMap_RejectsWrongLength() =>
        Assert.Throws<VindexException>(() => Hash.ReverseMap(KeyspaceId.FromHex("0102")));

    [Fact]
    public async Task Hash_MapAsync_MapsEachValueInOrder()
    {
        Destination[] d = await Hash.MapAsync(null, [SqlValue.FromInt64(4), SqlValue.Null, SqlValue.FromInt64(1)]);
        Assert.Equal(
            [new DestinationKeyspaceId(KeyspaceId.FromHex("d2fd8867d50d2dfe")), DestinationNone.Instance, new DestinationKeyspaceId(KeyspaceId.FromHex("166b40b44aba4bd6"))],
            d);
    }

    [Fact]
    public void Hash_IsUniqueFunctionalWithCostOne()
    {
        Assert.True(Hash.IsUnique);
        Assert.False(Hash.NeedsVCursor);
        Assert.Equal(1, Hash.Cost);
    }

    [Fact]
    public async Task Hash_IsThreadSafe()
    {
        var tasks = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (long i = 0; i < 2000; i++)
            {
                Assert.True(Hash.TryHash(SqlValue.FromInt64(i), out KeyspaceId id, out _));
                Assert.Equal(SqlValue.FromUInt64((ulong)i), Hash.ReverseMap(id));
            }
        }));
        await Task.WhenAll(tasks);
    }
}
