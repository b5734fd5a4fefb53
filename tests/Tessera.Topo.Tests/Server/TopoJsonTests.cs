using Tessera.Keys;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Topo.Tests.Server;

public sealed class TopoJsonTests
{
    [Fact]
    public void Shard_RoundTripsThroughJson()
    {
        var shard = new Shard
        {
            KeyRange = KeyRange.Parse("40-80"),
            IsPrimaryServing = true,
            PrimaryAlias = new TabletAlias("zone1", 300),
            SourceShards = [new SourceShard { Uid = 2, Keyspace = "customer", Shard = "0", KeyRange = KeyRange.Parse("-80") }],
        };
        var back = TopoJson.Deserialize<Shard>(TopoJson.Serialize(shard), "test");
        Assert.Equal(KeyRange.Parse("40-80"), back.KeyRange);
        Assert.True(back.IsPrimaryServing);
        Assert.Equal(new TabletAlias("zone1", 300), back.PrimaryAlias);
        Assert.Equal(KeyRange.Parse("-80"), back.SourceShards.Single().KeyRange);
    }

    [Theory]
    [InlineData("""{"key_range":{"start":"zz","end":""}}""")]
    [InlineData("""{"key_range":{"start":"80","end":"40"}}""")]
    [InlineData("""{"key_range":{"start":5,"end":""}}""")]
    [InlineData("""{"key_range":"-80"}""")]
    [InlineData("""{"key_range":{"start":"","end":""},"is_primary_serving":"yes"}""")]
    [InlineData("not json")]
    public void BadStoredData_FailsBadDataNamingThePath(string json)
    {
        var e = Assert.Throws<TopoException>(() => TopoJson.Deserialize<Shard>(System.Text.Encoding.UTF8.GetBytes(json), "keyspaces/ks/shards/-80/Shard"));
        Assert.Equal(TopoErrorCode.BadData, e.Code);
        Assert.Contains("keyspaces/ks/shards/-80/Shard", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TabletType_ReadsVitessCasing()
    {
        var t = TopoJson.Deserialize<Tablet>("""{"alias":{"cell":"zone1","uid":7},"type":"rdonly"}"""u8, "t");
        Assert.Equal(TabletType.Rdonly, t.Type);
        Assert.Contains("\"type\": \"RDONLY\"", System.Text.Encoding.UTF8.GetString(TopoJson.Serialize(t)), StringComparison.Ordinal);
    }
}
