namespace Tessera.Keys;

// Vitess compares key range bounds and keyspace ids "left-aligned": the shorter value is padded
// with zero bytes on the right, so 0x80 == 0x8000 and trailing zero bytes never matter.
// See vitess go/vt/key/key.go (compareLeftAligned / KeyRangeContains).
internal static class KeyBytes
{
    public static int CompareLeftAligned(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int common = Math.Min(a.Length, b.Length);
        int c = a[..common].SequenceCompareTo(b[..common]);
        if (c != 0)
        {
            return c;
        }

        // The longer one is greater only if its tail holds a non-zero byte.
        if (a.Length > common)
        {
            return a[common..].IndexOfAnyExcept((byte)0) >= 0 ? 1 : 0;
        }

        if (b.Length > common)
        {
            return b[common..].IndexOfAnyExcept((byte)0) >= 0 ? -1 : 0;
        }

        return 0;
    }

    public static bool EqualLeftAligned(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => CompareLeftAligned(a, b) == 0;

    public static ReadOnlySpan<byte> TrimTrailingZeros(ReadOnlySpan<byte> value)
    {
        int last = value.LastIndexOfAnyExcept((byte)0);
        return value[..(last + 1)];
    }

    public static int HashLeftAligned(ReadOnlySpan<byte> value)
    {
        var hash = new HashCode();
        hash.AddBytes(TrimTrailingZeros(value));
        return hash.ToHashCode();
    }

    // Decodes one bound of a shard name; `input` is the whole name, quoted in the error.
    public static byte[] DecodeHexBound(string input, ReadOnlySpan<char> hex)
    {
        if (hex.Length % 2 != 0)
        {
            throw new KeyFormatException(input, $"\"{hex}\" has an odd number of hex digits");
        }

        int bad = hex.IndexOfAnyExcept("0123456789abcdefABCDEF");
        if (bad >= 0)
        {
            throw new KeyFormatException(input, $"'{hex[bad]}' is not a hex digit");
        }

        return hex.IsEmpty ? [] : Convert.FromHexString(hex);
    }
}
