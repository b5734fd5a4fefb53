namespace Tessera.Keys;

// A shard's range of keyspace ids: Start inclusive, End exclusive, an empty bound is unbounded.
// Bounds compare left-aligned (see KeyBytes), so "-80" and "-8000" are the same range, while
// ToString keeps the bytes as given (a shard's name is what the operator typed, lowercased).
// Vitess: go/vt/key/key.go and topo.ValidateShardName.
public sealed class KeyRange : IEquatable<KeyRange>
{
    private readonly byte[] _start;
    private readonly byte[] _end;

    private KeyRange(byte[] start, byte[] end)
    {
        _start = start;
        _end = end;
    }

    public static KeyRange Full { get; } = new([], []);

    public ReadOnlySpan<byte> Start => _start;

    public ReadOnlySpan<byte> End => _end;

    public bool HasStart => KeyBytes.TrimTrailingZeros(_start).Length > 0;

    public bool HasEnd => _end.Length > 0;

    public bool IsFullRange => !HasStart && !HasEnd;

    // Builds a range from raw bounds; an End not after Start is refused.
    public static KeyRange Create(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end)
    {
        if (end.Length > 0 && KeyBytes.CompareLeftAligned(start, end) >= 0)
        {
            string name = $"{Convert.ToHexStringLower(start)}-{Convert.ToHexStringLower(end)}";
            throw new KeyFormatException(name, "start must be strictly smaller than end");
        }

        return start.IsEmpty && end.IsEmpty ? Full : new KeyRange(start.ToArray(), end.ToArray());
    }

    // Parses a shard name: "-80", "80-", "40-80", "-" (all), or a name without '-' such as "0",
    // which Vitess treats as the single shard of an unsharded keyspace (the full range).
    public static KeyRange Parse(string shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        if (shard.Length == 0)
        {
            throw new KeyFormatException(shard, "a shard name cannot be empty");
        }

        int dash = shard.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return Full;
        }

        if (shard.IndexOf('-', dash + 1) >= 0)
        {
            throw new KeyFormatException(shard, "a shard name can contain only one '-'");
        }

        byte[] start = KeyBytes.DecodeHexBound(shard, shard.AsSpan(0, dash));
        byte[] end = KeyBytes.DecodeHexBound(shard, shard.AsSpan(dash + 1));
        if (end.Length > 0 && KeyBytes.CompareLeftAligned(start, end) >= 0)
        {
            throw new KeyFormatException(shard, "start must be strictly smaller than end");
        }

        return start.Length == 0 && end.Length == 0 ? Full : new KeyRange(start, end);
    }

    public static bool TryParse(string shard, out KeyRange range)
    {
        try
        {
            range = Parse(shard);
            return true;
        }
        catch (KeyFormatException)
        {
            range = Full;
            return false;
        }
    }

    // True when a shard name has the "start-end" form; "0" and other plain names do not.
    public static bool IsKeyRangeName(string shard) => shard.Contains('-', StringComparison.Ordinal);

    public bool Contains(KeyspaceId id) => Contains(id.Span);

    public bool Contains(ReadOnlySpan<byte> id) =>
        KeyBytes.CompareLeftAligned(_start, id) <= 0
        && (_end.Length == 0 || KeyBytes.CompareLeftAligned(id, _end) < 0);

    // True when every keyspace id of `other` is in this range.
    public bool Contains(KeyRange other)
    {
        ArgumentNullException.ThrowIfNull(other);
        bool startOk = KeyBytes.CompareLeftAligned(_start, other._start) <= 0;
        bool endOk = _end.Length == 0
            || (other._end.Length > 0 && KeyBytes.CompareLeftAligned(other._end, _end) <= 0);
        return startOk && endOk;
    }

    public bool Intersects(KeyRange other)
    {
        ArgumentNullException.ThrowIfNull(other);
        bool thisEndsBefore = _end.Length > 0 && KeyBytes.CompareLeftAligned(_end, other._start) <= 0;
        bool otherEndsBefore = other._end.Length > 0 && KeyBytes.CompareLeftAligned(other._end, _start) <= 0;
        return !thisEndsBefore && !otherEndsBefore;
    }

    // The common part of two ranges, or null when they do not intersect.
    public KeyRange? Intersect(KeyRange other)
    {
        if (!Intersects(other))
        {
            return null;
        }

        byte[] start = KeyBytes.CompareLeftAligned(_start, other._start) >= 0 ? _start : other._start;
        byte[] end;
        if (_end.Length == 0)
        {
            end = other._end;
        }
        else if (other._end.Length == 0)
        {
            end = _end;
        }
        else
        {
            end = KeyBytes.CompareLeftAligned(_end, other._end) <= 0 ? _end : other._end;
        }

        return start.Length == 0 && end.Length == 0 ? Full : new KeyRange(start, end);
    }

    // Orders ranges by start (left-aligned); how shard lists are sorted.
    public static int CompareByStart(KeyRange a, KeyRange b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return KeyBytes.CompareLeftAligned(a._start, b._start);
    }

    // The canonical shard name: lowercase hex bounds joined by '-'; "-" for the full range.
    public override string ToString() => $"{Convert.ToHexStringLower(_start)}-{Convert.ToHexStringLower(_end)}";

    public bool Equals(KeyRange? other) =>
        other is not null
        && KeyBytes.EqualLeftAligned(_start, other._start)
        && KeyBytes.EqualLeftAligned(_end, other._end)
        && (_end.Length == 0) == (other._end.Length == 0);

    public override bool Equals(object? obj) => Equals(obj as KeyRange);

    public override int GetHashCode() =>
        HashCode.Combine(KeyBytes.HashLeftAligned(_start), KeyBytes.HashLeftAligned(_end), _end.Length == 0);

    public static bool operator ==(KeyRange? left, KeyRange? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(KeyRange? left, KeyRange? right) => !(left == right);
}
