using Tessera.Keys;

namespace Tessera.Keys.Tests;

public class KeyspaceIdTests
{
    [Fact]
    public void KeyspaceId_Equality_IsExactBytes()
    {
        Assert.Equal(KeyspaceId.FromHex("166b40b44aba4bd6"), KeyspaceId.FromHex("166B40B44ABA4BD6"));
        Assert.NotEqual(KeyspaceId.FromHex("80"), KeyspaceId.FromHex("8000"));
    }

    [Fact]
    public void KeyspaceId_Ordering_IsLeftAligned()
    {
        Assert.Equal(0, KeyspaceId.FromHex("80").CompareTo(KeyspaceId.FromHex("8000")));
        Assert.True(KeyspaceId.FromHex("7f") < KeyspaceId.FromHex("8000"));
        Assert.True(KeyspaceId.FromHex("8001") > KeyspaceId.FromHex("80"));
    }

    [Fact]
    public void KeyspaceId_FromUInt64_IsBigEndian() =>
        Assert.Equal("0000000000000001", KeyspaceId.FromUInt64(1).ToHex());

    [Fact]
    public void KeyspaceId_FromHex_RejectsBadHex()
    {
        Assert.Throws<KeyFormatException>(() => KeyspaceId.FromHex("abc"));
        Assert.Throws<KeyFormatException>(() => KeyspaceId.FromHex("zz"));
    }

    [Fact]
    public void KeyspaceId_Default_IsEmpty()
    {
        KeyspaceId id = default;
        Assert.Equal(0, id.Length);
        Assert.Equal(string.Empty, id.ToHex());
        Assert.Equal(new KeyspaceId([]), id);
    }
}
