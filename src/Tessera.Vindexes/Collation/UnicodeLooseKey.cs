using System.Buffers;
using System.Text;

namespace Tessera.Vindexes.Collation;

// The bytes Vitess's unicode_loose_* vindexes hash: trailing spaces trimmed, then each primary
// weight of the root collation as 2 bytes (big-endian) when <= 0x7FFF, else 3 bytes with the top
// bit set. Case, accents and width do not count (level 1 only).
internal static class UnicodeLooseKey
{
    // Returns false (with the reason) for text that is not valid UTF-8, as Vitess refuses it.
    public static bool TryBuild(ReadOnlySpan<byte> utf8, out byte[] key, out string? reason)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            key = [];
            reason = "not valid UTF-8";
            return false;
        }

        utf8 = utf8.TrimEnd((byte)' ');
        var weights = new List<uint>(utf8.Length);
        while (!utf8.IsEmpty)
        {
            Rune.DecodeFromUtf8(utf8, out Rune rune, out int consumed);
            PrimaryWeights.Append(rune.Value, weights);
            utf8 = utf8[consumed..];
        }

        var buffer = new ArrayBufferWriter<byte>(weights.Count * 2);
        foreach (uint w in weights)
        {
            if (w == 0)
            {
                continue;
            }

            if (w <= 0x7FFF)
            {
                Span<byte> s = buffer.GetSpan(2);
                s[0] = (byte)(w >> 8);
                s[1] = (byte)w;
                buffer.Advance(2);
            }
            else
            {
                Span<byte> s = buffer.GetSpan(3);
                s[0] = (byte)((w >> 16) | 0x80);
                s[1] = (byte)(w >> 8);
                s[2] = (byte)w;
                buffer.Advance(3);
            }
        }

        key = buffer.WrittenSpan.ToArray();
        reason = null;
        return true;
    }
}
