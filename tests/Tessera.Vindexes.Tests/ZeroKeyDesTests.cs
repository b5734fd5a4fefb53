using System.Buffers.Binary;
using System.Security.Cryptography;
using Tessera.Vindexes;

namespace Tessera.Vindexes.Tests;

// ZeroKeyDes must be exactly DES with the all-zero key. The oracle is .NET's TripleDES with three
// zero keys (EDE with equal keys is single DES); .NET's DES refuses the weak key.
public class ZeroKeyDesTests
{
    private static ulong Oracle(ulong value, bool encrypt)
    {
        using var des = TripleDES.Create();
        des.Mode = CipherMode.ECB;
        des.Padding = PaddingMode.None;
        using ICryptoTransform t = encrypt ? des.CreateEncryptor(new byte[24], null) : des.CreateDecryptor(new byte[24], null);
        var input = new byte[8];
        var output = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(input, value);
        t.TransformBlock(input, 0, 8, output, 0);
        return BinaryPrimitives.ReadUInt64BigEndian(output);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(4UL)]
    [InlineData(ulong.MaxValue)]
    [InlineData(0x8000000000000000UL)]
    [InlineData(0x0123456789abcdefUL)]
    public void ZeroKeyDes_MatchesTripleDesOracle_OnEdgeValues(ulong value)
    {
        Assert.Equal(Oracle(value, encrypt: true), ZeroKeyDes.Encrypt(value));
        Assert.Equal(Oracle(value, encrypt: false), ZeroKeyDes.Decrypt(value));
    }

    [Fact]
    public void ZeroKeyDes_MatchesTripleDesOracle_OnRandomValues()
    {
        using var des = TripleDES.Create();
        des.Mode = CipherMode.ECB;
        des.Padding = PaddingMode.None;
        using ICryptoTransform enc = des.CreateEncryptor(new byte[24], null);
        var random = new Random(20261123);
        const int blocks = 20000;
        var input = new byte[blocks * 8];
        random.NextBytes(input);
        var expected = new byte[input.Length];
        enc.TransformBlock(input, 0, input.Length, expected, 0);
        for (int i = 0; i < blocks; i++)
        {
            ulong plain = BinaryPrimitives.ReadUInt64BigEndian(input.AsSpan(i * 8));
            ulong cipher = BinaryPrimitives.ReadUInt64BigEndian(expected.AsSpan(i * 8));
            Assert.Equal(cipher, ZeroKeyDes.Encrypt(plain));
            Assert.Equal(plain, ZeroKeyDes.Decrypt(cipher));
        }
    }
}
