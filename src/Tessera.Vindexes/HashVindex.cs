using System.Buffers.Binary;
using System.Security.Cryptography;
using Tessera.Keys;

namespace Tessera.Vindexes;

// Vitess `hash`: single DES, all-zero 8-byte key, one ECB block over the big-endian uint64 of the
// value (signed values as two's complement). Reversible: decrypting gives the number back.
// Vitess: go/vt/vtgate/vindexes/hash.go.
public sealed class HashVindex : FunctionalVindex, IReversibleVindex
{
    public const string Type = "hash";

    // ICryptoTransform is not thread-safe; one encryptor/decryptor per thread, reused.
    [ThreadStatic]
    private static ICryptoTransform? t_encryptor;

    [ThreadStatic]
    private static ICryptoTransform? t_decryptor;

    [ThreadStatic]
    private static byte[]? t_block;

    public HashVindex(string name, IReadOnlyDictionary<string, string>? parameters = null)
        : base(name, parameters)
    {
    }

    public override string TypeName => Type;

    public override bool TryHash(in SqlValue value, out KeyspaceId keyspaceId, out string? reason)
    {
        if (!value.TryCastUInt64(out ulong number, out reason))
        {
            keyspaceId = default;
            return false;
        }

        keyspaceId = new KeyspaceId(Hash(number));
        return true;
    }

    // The 8-byte keyspace id of a number.
    public static byte[] Hash(ulong number)
    {
        byte[] block = t_block ??= new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(block, number);
        var result = new byte[8];
        (t_encryptor ??= CreateTransform(encrypt: true)).TransformBlock(block, 0, 8, result, 0);
        return result;
    }

    public static ulong Unhash(ReadOnlySpan<byte> keyspaceId)
    {
        if (keyspaceId.Length != 8)
        {
            throw new VindexException($"invalid keyspace id for hash: {Convert.ToHexStringLower(keyspaceId)} is not 8 bytes");
        }

        byte[] block = t_block ??= new byte[8];
        keyspaceId.CopyTo(block);
        Span<byte> plain = stackalloc byte[8];
        byte[] output = new byte[8];
        (t_decryptor ??= CreateTransform(encrypt: false)).TransformBlock(block, 0, 8, output, 0);
        output.CopyTo(plain);
        return BinaryPrimitives.ReadUInt64BigEndian(plain);
    }

    public SqlValue ReverseMap(KeyspaceId keyspaceId) => SqlValue.FromUInt64(Unhash(keyspaceId.Span));

    // The all-zero key is a DES weak key, which .NET's DES refuses outright. Triple DES (EDE) with
    // three equal keys is single DES with that key, and TripleDES.CreateEncryptor(key, iv) takes
    // it. ECB and no padding: exactly one 8-byte block in, one out.
    private static ICryptoTransform CreateTransform(bool encrypt)
    {
        using var des = TripleDES.Create();
        des.Mode = CipherMode.ECB;
        des.Padding = PaddingMode.None;
        byte[] key = new byte[24];
        return encrypt ? des.CreateEncryptor(key, null) : des.CreateDecryptor(key, null);
    }
}
