using System.Buffers.Binary;
using Tessera.Keys;

namespace Tessera.Vindexes;

// Vitess `hash`: single DES, all-zero 8-byte key, one ECB block over the big-endian uint64 of the
// value (signed values as two's complement). Reversible: decrypting gives the number back.
// Vitess: go/vt/vtgate/vindexes/hash.go. The DES itself is ZeroKeyDes.
public sealed class HashVindex : FunctionalVindex, IReversibleVindex
{
    public const string Type = "hash";

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
        var result = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(result, ZeroKeyDes.Encrypt(number));
        return result;
    }

    public static ulong Unhash(ReadOnlySpan<byte> keyspaceId)
    {
        if (keyspaceId.Length != 8)
        {
            throw new VindexException($"invalid keyspace id for hash: {Convert.ToHexStringLower(keyspaceId)} is not 8 bytes");
        }

        return ZeroKeyDes.Decrypt(BinaryPrimitives.ReadUInt64BigEndian(keyspaceId));
    }

    public SqlValue ReverseMap(KeyspaceId keyspaceId) => SqlValue.FromUInt64(Unhash(keyspaceId.Span));
}
