using System.Buffers.Binary;
using System.IO.Compression;

namespace Tessera.Vindexes.Collation;

// Level-1 (primary) collation weights of the root collation of CLDR 23 / UCA 6.2.0, per code
// point: the table Vitess's unicode_loose_md5 and unicode_loose_xxhash hash (Vitess keeps a fork
// of golang.org/x/text/collate for it). The data file is generated from x/text 0.7.0 by
// make_weights.go.txt beside this file; Unicode data, Unicode license.
//
// What differs from Vitess: weights are looked up per code point, so the few multi-code-point
// contractions of the root table (e.g. some Thai/Lao and Tibetan sequences) and the canonical
// reordering of non-starters are not applied, and implicit weights follow Unicode 13's
// Ideographic property (Go 1.19) where Vitess's Go may know newer ideographs. Latin, Greek,
// Cyrillic and the other alphabets, digits, punctuation, accents and CJK are exact.
internal static class PrimaryWeights
{
    private const uint NotSingle = uint.MaxValue;

    private static readonly Lazy<Table> Data = new(Load);

    // The primary weights of one code point: usually one (`single`), otherwise `multiple` (an
    // expansion, or none at all for characters ignorable at level 1).
    public static void Lookup(int codePoint, out uint single, out uint[]? multiple)
    {
        Table t = Data.Value;
        multiple = null;
        if (codePoint < t.Bmp.Length)
        {
            single = t.Bmp[codePoint];
            if (single != NotSingle)
            {
                return;
            }
        }

        single = 0;
        if (t.Explicit.TryGetValue(codePoint, out multiple))
        {
            return;
        }

        // A run: binary search by start.
        int lo = 0;
        int hi = t.RunStarts.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (t.RunStarts[mid] <= codePoint)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (hi >= 0 && codePoint < t.RunStarts[hi] + t.RunCounts[hi])
        {
            single = (uint)(codePoint + t.RunDeltas[hi]);
        }
        else
        {
            multiple = [];
        }
    }

    private static Table Load()
    {
        using Stream raw = typeof(PrimaryWeights).Assembly.GetManifestResourceStream("unicode_loose_weights.bin.gz")
            ?? throw new InvalidOperationException("unicode_loose_weights.bin.gz is not embedded");
        using var gz = new GZipStream(raw, CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        byte[] bytes = ms.ToArray();

        var bmp = new uint[0x10000];
        Array.Fill(bmp, NotSingle);
        var explicitWeights = new Dictionary<int, uint[]>();
        var starts = new List<int>();
        var counts = new List<int>();
        var deltas = new List<int>();
        int i = 0;
        uint Next()
        {
            uint v = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i, 4));
            i += 4;
            return v;
        }

        while (i < bytes.Length)
        {
            uint kind = Next();
            if (kind == 0)
            {
                int start = (int)Next();
                int count = (int)Next();
                int delta = unchecked((int)Next());
                starts.Add(start);
                counts.Add(count);
                deltas.Add(delta);
                for (int cp = start; cp < start + count && cp < bmp.Length; cp++)
                {
                    bmp[cp] = (uint)(cp + delta);
                }
            }
            else
            {
                int cp = (int)Next();
                var ws = new uint[Next()];
                for (int k = 0; k < ws.Length; k++)
                {
                    ws[k] = Next();
                }

                explicitWeights[cp] = ws;
            }
        }

        return new Table(bmp, explicitWeights, [.. starts], [.. counts], [.. deltas]);
    }

    private sealed record Table(uint[] Bmp, Dictionary<int, uint[]> Explicit, int[] RunStarts, int[] RunCounts, int[] RunDeltas);
}
