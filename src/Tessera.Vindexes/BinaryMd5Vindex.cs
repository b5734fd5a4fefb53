using System.Security.Cryptography;
using Tessera.Keys;

namespace Tessera.Vindexes;

// Vitess `binary_md5`: MD5 of the value's bytes (integers as their decimal text); 16-byte ids.
public sealed class BinaryMd5Vindex(string name, IReadOnlyDictionary<string, string>? parameters = null)
    : FunctionalVindex(name, parameters)
{
    public const string Type = "binary_md5";

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
        keyspaceId = new KeyspaceId(MD5.HashData(bytes));
        reason = null;
        return true;
    }
}
