using System.Buffers.Binary;
using Tessera.Keys;

namespace Tessera.Vindexes;

// Vitess `reverse_bits`: the uint64 with its 64 bits in reverse order, big-endian. Sequential ids
// land far apart, and the mapping is reversible.
public sealed class ReverseBitsVindex(string name, IReadOnlyDictionary<string, string>? parameters = null)
    : FunctionalVindex(name, parameters), IReversibleVindex
{
    public const string Type = "reverse_bits";

    public override string TypeName => Type;

    public override bool TryHash(in SqlValue value, out KeyspaceId keyspaceId, out string? reason)
    {
        if (!value.TryCastUInt64(out ulong number, out reason))
        {
            keyspaceId = default;
            return false;
        }

        keyspaceId = KeyspaceId.FromUInt64(ReverseBits(number));
        return true;
    }

    public SqlValue ReverseMap(KeyspaceId keyspaceId)
    {
        if (keyspaceId.Length != 8)
        {
            throw new VindexException($"vindex {Name} (reverse_bits): keyspace id {keyspaceId} is not 8 bytes");
        }

        return SqlValue.FromUInt64(ReverseBits(BinaryPrimitives.ReadUInt64BigEndian(keyspaceId.Span)));
    }

    internal static ulong ReverseBits(ulong v)
    {
        // Swap ever larger groups: bits, pairs, nibbles, then the bytes.
        v = ((v >> 1) & 0x5555555555555555UL) | ((v & 0x5555555555555555UL) << 1);
        v = ((v >> 2) & 0x3333333333333333UL) | ((v & 0x3333333333333333UL) << 2);
        v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FUL) | ((v & 0x0F0F0F0F0F0F0F0FUL) << 4);
        return BinaryPrimitives.ReverseEndianness(v);
    }
}
