using System.Buffers.Binary;
using System.IO.Hashing;
using Tessera.Keys;

namespace Tessera.Vindexes;

// Vitess `xxhash`: xxHash64 with seed 0 over the value's bytes (integers as decimal text), the
// 64-bit sum written little-endian as the 8-byte keyspace id.
public sealed class XxHashVindex(string name, IReadOnlyDictionary<string, string>? parameters = null)
    : FunctionalVindex(name, parameters)
{
    public const string Type = "xxhash";

    public override string TypeName => Type;

    public override bool TryHash(in SqlValue value, out KeyspaceId keyspaceId, out string? reason)
    {
        if (value.IsNull)
        {
            keyspaceId = default;
            reason = "NULL has no keyspace id";
            return false;
        }

        Span<byte> scratch = stackalloc byte[20];
        ReadOnlySpan<byte> bytes = value.IsIntegral ? scratch[..value.WriteBytes(scratch)] : value.RawBytes;
        var id = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(id, XxHash64.HashToUInt64(bytes));
        keyspaceId = new KeyspaceId(id);
        reason = null;
        return true;
    }
}
