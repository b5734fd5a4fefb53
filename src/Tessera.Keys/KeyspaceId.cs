namespace Tessera.Keys;

// The bytes a row's sharding column maps to through its primary vindex; the shard whose key range
// holds them owns the row. Equality is exact (as Vitess), ordering is left-aligned.
public readonly struct KeyspaceId : IEquatable<KeyspaceId>, IComparable<KeyspaceId>
{
    private readonly byte[]? _bytes;

    public KeyspaceId(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        _bytes = bytes;
    }

    public KeyspaceId(ReadOnlySpan<byte> bytes) => _bytes = bytes.ToArray();

    public ReadOnlySpan<byte> Span => _bytes;

    public ReadOnlyMemory<byte> Memory => _bytes;

    public int Length => _bytes?.Length ?? 0;

    public static KeyspaceId FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return new KeyspaceId(KeyBytes.DecodeHexBound(hex, hex));
    }

    public static KeyspaceId FromUInt64(ulong value)
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return new KeyspaceId(bytes);
    }

    public byte[] ToArray() => Span.ToArray();

    public string ToHex() => Convert.ToHexStringLower(Span);

    public override string ToString() => ToHex();

    public bool Equals(KeyspaceId other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is KeyspaceId other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public int CompareTo(KeyspaceId other) => KeyBytes.CompareLeftAligned(Span, other.Span);

    public static bool operator ==(KeyspaceId left, KeyspaceId right) => left.Equals(right);

    public static bool operator !=(KeyspaceId left, KeyspaceId right) => !left.Equals(right);

    public static bool operator <(KeyspaceId left, KeyspaceId right) => left.CompareTo(right) < 0;

    public static bool operator >(KeyspaceId left, KeyspaceId right) => left.CompareTo(right) > 0;

    public static bool operator <=(KeyspaceId left, KeyspaceId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(KeyspaceId left, KeyspaceId right) => left.CompareTo(right) >= 0;
}
