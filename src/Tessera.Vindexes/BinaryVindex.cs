using Tessera.Keys;

namespace Tessera.Vindexes;

// Vitess `binary`: the value's bytes are the keyspace id (identity; cost 0).
public sealed class BinaryVindex(string name, IReadOnlyDictionary<string, string>? parameters = null)
    : FunctionalVindex(name, parameters), IReversibleVindex
{
    public const string Type = "binary";

    public override string TypeName => Type;

    public override int Cost => 0;

    public override bool TryHash(in SqlValue value, out KeyspaceId keyspaceId, out string? reason)
    {
        if (value.IsNull)
        {
            keyspaceId = default;
            reason = "NULL has no keyspace id";
            return false;
        }

        keyspaceId = new KeyspaceId(value.ToBytes());
        reason = null;
        return true;
    }

    public SqlValue ReverseMap(KeyspaceId keyspaceId) => SqlValue.FromBinary(keyspaceId.ToArray());
}
