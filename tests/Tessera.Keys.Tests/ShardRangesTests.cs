using Tessera.Keys;

namespace Tessera.Keys.Tests;

public class ShardRangesTests
{
    [Theory]
    [InlineData("-40-80-", "-40,40-80,80-")]
    [InlineData("-80-", "-80,80-")]
    [InlineData("-", "-")]
    [InlineData("40-80", "40-80")]
    [InlineData("-4000-80-C0-", "-4000,4000-80,80-c0,c0-")]
    public void ShardingSpec_Parse_GivesRanges(string spec, string expected) =>
        Assert.Equal(expected, string.Join(",", ShardRanges.ParseShardingSpec(spec)));

    [Theory]
    [InlineData("80", "at least one '-'")]
    [InlineData("-40--80-", "only be at either end")]
    [InlineData("-80-40-", "bounds must ascend")]
    [InlineData("-80-80-", "bounds must ascend")]
    [InlineData("-80-8000-", "bounds must ascend")]
    [InlineData("-8-", "odd number of hex digits")]
    [InlineData("-8g-", "not a hex digit")]
    public void ShardingSpec_BadSpec_IsRejectedWithReason(string spec, string reason)
    {
        var e = Assert.Throws<KeyFormatException>(() => ShardRanges.ParseShardingSpec(spec));
        Assert.Contains($"\"{spec}\"", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "-")]
    [InlineData(2, "-80,80-")]
    [InlineData(3, "-55,55-aa,aa-")]
    [InlineData(4, "-40,40-80,80-c0,c0-")]
    [InlineData(7, "-24,24-49,49-6d,6d-92,92-b6,b6-db,db-")]
    public void GenerateShardRanges_SplitsEvenlyAsVitess(int shards, string expected) =>
        Assert.Equal(expected, string.Join(",", ShardRanges.GenerateShardRanges(shards)));

    [Fact]
    public void GenerateShardRanges_256_UsesOneByteAnd257_UsesTwo()
    {
        IReadOnlyList<string> r256 = ShardRanges.GenerateShardRanges(256);
        Assert.Equal(256, r256.Count);
        Assert.Equal("-01", r256[0]);
        Assert.Equal("ff-", r256[^1]);

        IReadOnlyList<string> r257 = ShardRanges.GenerateShardRanges(257);
        Assert.Equal(257, r257.Count);
        Assert.Equal("-00ff", r257[0]);
        Assert.Equal("00ff-01fe", r257[1]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(300)]
    public void GenerateShardRanges_CoversKeySpaceWithoutGaps(int shards)
    {
        IReadOnlyList<string> names = ShardRanges.GenerateShardRanges(shards);
        Assert.Equal(shards, names.Count);
        ShardRanges.CheckCoversFullRange(names.Select(KeyRange.Parse));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65537)]
    public void GenerateShardRanges_OutOfBounds_Throws(int shards) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardRanges.GenerateShardRanges(shards));

    [Theory]
    [InlineData("-40,80-", "gap between -40 and 80-")]
    [InlineData("-80,40-", "-80 overlaps 40-")]
    [InlineData("40-", "gap before 40-")]
    [InlineData("-80", "gap after -80")]
    [InlineData("-,80-", "- overlaps 80-")]
    public void CheckCoversFullRange_NamesTheGapOrOverlap(string shards, string reason)
    {
        var e = Assert.Throws<KeyFormatException>(() =>
            ShardRanges.CheckCoversFullRange(shards.Split(',').Select(KeyRange.Parse)));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckCoversFullRange_AcceptsTrailingZeroBoundaries() =>
        ShardRanges.CheckCoversFullRange([KeyRange.Parse("-8000"), KeyRange.Parse("80-")]);
}
