using System.Buffers;
using System.Text;

namespace Tessera.Vindexes.Collation;

// The bytes Vitess's unicode_loose_* vindexes hash: trailing spaces trimmed, then each non-zero
// primary weight of the root collation as 2 bytes (big-endian) when <= 0x7FFF, else 3 bytes with
// the top bit set. Case, accents and width do not count (level 1 only).
internal static class UnicodeLooseKey
{
    // Hands the key to `hash` (which must not keep the span) and returns its result; false with
    // the reason for text that is not valid UTF-8, as Vitess refuses it.
    public static bool TryHash<TResult>(ReadOnlySpan<byte> utf8, Func<ReadOnlySpan<byte>, TResult> hash, out TResult? result, out string? reason)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            result = default;
            reason = "not valid UTF-8";
            return false;
        }

        utf8 = utf8.TrimEnd((byte)' ');

        // Most characters have one weight of at most 3 bytes.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(64, utf8.Length * 3));
        try
        {
            int length = 0;
            while (!utf8.IsEmpty)
            {
                Rune.DecodeFromUtf8(utf8, out Rune rune, out int consumed);
                utf8 = utf8[consumed..];
                PrimaryWeights.Lookup(rune.Value, out uint single, out uint[]? multiple);
                if (multiple is null)
                {
                    Append(ref buffer, ref length, single);
                }
                else
                {
                    foreach (uint w in multiple)
                    {
                        Append(ref buffer, ref length, w);
                    }
                }
            }

            result = hash(buffer.AsSpan(0, length));
            reason = null;
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Append(ref byte[] buffer, ref int length, uint w)
    {
        if (w == 0)
        {
            return;
        }

        if (buffer.Length - length < 3)
        {
            byte[] bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            buffer.AsSpan(0, length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }

        if (w <= 0x7FFF)
        {
            buffer[length++] = (byte)(w >> 8);
            buffer[length++] = (byte)w;
        }
        else
        {
            buffer[length++] = (byte)((w >> 16) | 0x80);
            buffer[length++] = (byte)(w >> 8);
            buffer[length++] = (byte)w;
        }
    }
}
