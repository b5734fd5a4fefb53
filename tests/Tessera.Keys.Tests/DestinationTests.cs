using Tessera.Keys;

namespace Tessera.Keys.Tests;

public class DestinationTests
{
    private static readonly DestinationResolver Four = DestinationResolver.FromShardNames(["-40", "40-80", "80-c0", "c0-"]);

    [Fact]
    public void Destination_Shard_ResolvesToThatShard() =>
        Assert.Equal(["80-c0"], Four.Resolve(new DestinationShard("80-c0")));

    [Fact]
    public void Destination_UnknownShard_IsAnErrorNamingIt()
    {
        var e = Assert.Throws<ShardResolutionException>(() => Four.Resolve(new DestinationShard("-80")));
        Assert.Contains("\"-80\"", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-80", "-40,40-80")]
    [InlineData("40-c0", "40-80,80-c0")]
    [InlineData("-", "-40,40-80,80-c0,c0-")]
    [InlineData("50-60", "40-80")]
    [InlineData("-4000", "-40")]
    public void Destination_KeyRange_ResolvesToIntersectingShards(string range, string expected) =>
        Assert.Equal(expected, string.Join(",", Four.Resolve(new DestinationKeyRange(KeyRange.Parse(range)))));

    [Theory]
    [InlineData("00", "-40")]
    [InlineData("3fffffffffffffff", "-40")]
    [InlineData("40", "40-80")]
    [InlineData("8000000000000000", "80-c0")]
    [InlineData("ff", "c0-")]
    public void Destination_KeyspaceId_ResolvesToOwningShard(string id, string shard) =>
        Assert.Equal([shard], Four.Resolve(new DestinationKeyspaceId(KeyspaceId.FromHex(id))));

    [Fact]
    public void Destination_KeyspaceIds_ResolveToDistinctShardsInOrder()
    {
        var ids = new DestinationKeyspaceIds([KeyspaceId.FromHex("c1"), KeyspaceId.FromHex("01"), KeyspaceId.FromHex("c2")]);
        Assert.Equal(["c0-", "-40"], Four.Resolve(ids));
    }

    [Fact]
    public void Destination_KeyspaceIdOutsideEveryShard_IsAnError()
    {
        var partial = DestinationResolver.FromShardNames(["-80"]);
        var e = Assert.Throws<ShardResolutionException>(() => partial.Resolve(new DestinationKeyspaceId(KeyspaceId.FromHex("90"))));
        Assert.Contains("90", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Destination_AllShards_ResolvesToEveryShard() =>
        Assert.Equal(["-40", "40-80", "80-c0", "c0-"], Four.Resolve(DestinationAllShards.Instance));

    [Fact]
    public void Destination_AnyShard_ResolvesToOneShardChosenByPicker()
    {
        Assert.Equal(["-40"], Four.Resolve(DestinationAnyShard.Instance));
        var picking = DestinationResolver.FromShardNames(["-40", "40-80", "80-c0", "c0-"], n => n - 1);
        Assert.Equal(["c0-"], picking.Resolve(DestinationAnyShard.Instance));
    }

    [Fact]
    public void Destination_AnyShard_WithNoShards_IsAnError() =>
        Assert.Throws<ShardResolutionException>(() => DestinationResolver.FromShardNames([]).Resolve(DestinationAnyShard.Instance));

    [Fact]
    public void Destination_None_ResolvesToNothing() => Assert.Empty(Four.Resolve(DestinationNone.Instance));

    [Fact]
    public void Destination_UnshardedKeyspace_ShardZeroOwnsEveryId()
    {
        var unsharded = DestinationResolver.FromShardNames(["0"]);
        Assert.Equal(["0"], unsharded.Resolve(new DestinationKeyspaceId(KeyspaceId.FromHex("d2fd8867d50d2dfe"))));
    }

    [Fact]
    public void Destination_ResolveMany_GroupsValueIndexesByShardInShardOrder()
    {
        Destination[] perValue =
        [
            new DestinationKeyspaceId(KeyspaceId.FromHex("c1")),
            new DestinationKeyspaceId(KeyspaceId.FromHex("01")),
            DestinationNone.Instance,
            new DestinationKeyspaceId(KeyspaceId.FromHex("c2")),
            new DestinationKeyRange(KeyRange.Parse("-80")),
        ];
        IReadOnlyList<ShardValues> groups = Four.ResolveMany(perValue);
        Assert.Equal(["-40", "40-80", "c0-"], groups.Select(g => g.Shard));
        Assert.Equal([1, 4], groups[0].Indexes);
        Assert.Equal([4], groups[1].Indexes);
        Assert.Equal([0, 3], groups[2].Indexes);
    }

    [Fact]
    public void Destination_Values_HaveValueEquality()
    {
        Assert.Equal(new DestinationShard("-80"), new DestinationShard("-80"));
        Assert.Equal(new DestinationKeyRange(KeyRange.Parse("-80")), new DestinationKeyRange(KeyRange.Parse("-8000")));
        Assert.Equal(new DestinationKeyspaceId(KeyspaceId.FromHex("01")), new DestinationKeyspaceId(KeyspaceId.FromHex("01")));
        var a = new DestinationKeyspaceIds([KeyspaceId.FromHex("01"), KeyspaceId.FromHex("02")]);
        var b = new DestinationKeyspaceIds([KeyspaceId.FromHex("01"), KeyspaceId.FromHex("02")]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual<Destination>(DestinationAllShards.Instance, DestinationAnyShard.Instance);
    }

    [Fact]
    public void Destination_KeyspaceIds_CopiesItsList()
    {
        var list = new List<KeyspaceId> { KeyspaceId.FromHex("01") };
        var d = new DestinationKeyspaceIds(list);
        list.Add(KeyspaceId.FromHex("02"));
        Assert.Single(d.Ids);
    }
}
