using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using Tessera.Keys;
using Tessera.Vindexes.Collation;

namespace Tessera.Vindexes;

// Vitess `unicode_loose_md5` and `unicode_loose_xxhash`: trailing spaces trimmed, the level-1
// collation key taken (case-, accent- and width-insensitive; see Collation/PrimaryWeights for
// how exact it is), then MD5 (16 bytes) or xxHash64 seed 0 written little-endian (8 bytes).
public sealed class UnicodeLooseVindex : FunctionalVindex
{
    public const string Md5Type = "unicode_loose_md5";
    public const string XxHashType = "unicode_loose_xxhash";

    private readonly bool _md5;

    public UnicodeLooseVindex(string name, string typeName, IReadOnlyDictionary<string, string>? parameters = null)
        : base(name, parameters)
    {
        _md5 = typeName switch
        {
            Md5Type => true,
            XxHashType => false,
            _ => throw new ArgumentException($"not a unicode_loose vindex type: {typeName}", nameof(typeName)),
        };
    }

    public override string TypeName => _md5 ? Md5Type : XxHashType;

    public override bool TryHash(in SqlValue value, out KeyspaceId keyspaceId, out string? reason)
    {
        keyspaceId = default;
        if (value.IsNull)
        {
            reason = "NULL has no keyspace id";
            return false;
        }

        byte[] bytes = value.ToBytes();
        if (!UnicodeLooseKey.TryBuild(bytes, out byte[] key, out reason))
        {
            return false;
        }

        if (_md5)
        {
            keyspaceId = new KeyspaceId(MD5.HashData(key));
        }
        else
        {
            var id = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(id, XxHash64.HashToUInt64(key));
            keyspaceId = new KeyspaceId(id);
        }

        return true;
    }
}
