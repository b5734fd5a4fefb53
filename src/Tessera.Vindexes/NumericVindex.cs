using System.Buffers.Binary;
using Tessera.Keys;

namespace Tessera.Vindexes;

// Vitess `numeric`: the number itself, big-endian uint64, as the keyspace id (identity; cost 0).
public sealed class NumericVindex(string name, IReadOnlyDictionary<string, string>? parameters = null)
    : FunctionalVindex(name, parameters), IReversibleVindex
{
    public const string Type = "numeric";

    public override string TypeName => Type;

    public override int Cost => 0;

    public override bool TryHash(in SqlValue value, out KeyspaceId keyspaceId, out string? reason)
    {
        if (!value.TryCastUInt64(out ulong number, out reason))
        {
            keyspaceId = default;
            return false;
        }

        keyspaceId = KeyspaceId.FromUInt64(number);
        return true;
    }

    public SqlValue ReverseMap(KeyspaceId keyspaceId)
    {
        if (keyspaceId.Length != 8)
        {
            throw new VindexException($"vindex {Name} (numeric): keyspace id {keyspaceId} is not 8 bytes");
        }

        return SqlValue.FromUInt64(BinaryPrimitives.ReadUInt64BigEndian(keyspaceId.Span));
    }
}
