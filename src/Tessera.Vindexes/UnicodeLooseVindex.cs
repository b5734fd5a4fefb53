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

    private static readonly Func<ReadOnlySpan<byte>, byte[]> Md5 = static key => MD5.HashData(key);

    private static readonly Func<ReadOnlySpan<byte>, byte[]> XxHash = static key =>
    {
        var id = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(id, XxHash64.HashToUInt64(key));
        return id;
    };

    public override bool TryHash(in SqlValue value, out KeyspaceId keyspaceId, out string? reason)
    {
        keyspaceId = default;
        if (value.IsNull)
        {
            reason = "NULL has no keyspace id";
            return false;
        }

        Span<byte> scratch = stackalloc byte[20];
        ReadOnlySpan<byte> text = value.IsIntegral ? scratch[..value.WriteBytes(scratch)] : value.RawBytes;
        if (!UnicodeLooseKey.TryHash(text, _md5 ? Md5 : XxHash, out byte[]? id, out reason))
        {
            return false;
        }

        keyspaceId = new KeyspaceId(id!);
        return true;
    }
}
