using System.Globalization;

namespace Tessera.Keys;

// Sharding specs and generated shard sets. Vitess: key.ParseShardingSpec, key.GenerateShardRanges.
public static class ShardRanges
{
    // "-40-80-" is three ranges: -40, 40-80, 80-. Bounds must ascend strictly, and only the first
    // and last bound may be empty (min/max key).
    public static IReadOnlyList<KeyRange> ParseShardingSpec(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string[] parts = spec.Split('-');
        if (parts.Length == 1)
        {
            throw new KeyFormatException(spec, "a sharding spec must contain at least one '-'");
        }

        var bounds = new byte[parts.Length][];
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0 && i != 0 && i != parts.Length - 1)
            {
                throw new KeyFormatException(spec, "the min/max key (an empty bound) can only be at either end");
            }

            bounds[i] = KeyBytes.DecodeHexBound(spec, parts[i]);
        }

        var ranges = new KeyRange[parts.Length - 1];
        for (int i = 0; i < ranges.Length; i++)
        {
            byte[] start = bounds[i];
            byte[] end = bounds[i + 1];
            if (end.Length > 0 && KeyBytes.CompareLeftAligned(start, end) >= 0)
            {
                throw new KeyFormatException(spec, $"bounds must ascend, but \"{parts[i + 1]}\" is not after \"{parts[i]}\"");
            }

            ranges[i] = KeyRange.Create(start, end);
        }

        return ranges;
    }

    // The even split Vitess uses: one byte of hex for up to 256 shards, two bytes up to 65536.
    // Each boundary is floor(i * space / shards) computed in floating point, so rounding losses
    // are spread across the shards (7 shards: -24, 24-49, 49-6d, 6d-92, 92-b6, b6-db, db-).
    public static IReadOnlyList<string> GenerateShardRanges(int shards)
    {
        string format;
        int space;
        if (shards <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(shards), shards, "the number of shards must be greater than zero");
        }
        else if (shards <= 256)
        {
            format = "x2";
            space = 256;
        }
        else if (shards <= 65536)
        {
            format = "x4";
            space = 65536;
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(shards), shards, "at most 65536 shards are supported in one keyspace");
        }

        double size = (double)space / shards;
        var names = new string[shards];
        int start = 0;
        for (int i = 1; i <= shards; i++)
        {
            int end = (int)(i * size);
            string startHex = start == 0 ? string.Empty : start.ToString(format, CultureInfo.InvariantCulture);
            string endHex = end == space ? string.Empty : end.ToString(format, CultureInfo.InvariantCulture);
            names[i - 1] = $"{startHex}-{endHex}";
            start = end;
        }

        return names;
    }

    // Checks that ranges, taken in start order, cover the whole key space with no gap and no
    // overlap (a serving shard set). The error names the first gap or overlap found.
    public static void CheckCoversFullRange(IEnumerable<KeyRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var sorted = ranges.ToList();
        sorted.Sort(KeyRange.CompareByStart);
        string all = string.Join(",", sorted);
        if (sorted.Count == 0)
        {
            throw new KeyFormatException(all, "no shards: the key space is not covered");
        }

        if (sorted[0].HasStart)
        {
            throw new KeyFormatException(all, $"gap before {sorted[0]}: the first shard must start at the min key");
        }

        for (int i = 0; i + 1 < sorted.Count; i++)
        {
            KeyRange a = sorted[i];
            KeyRange b = sorted[i + 1];
            if (!a.HasEnd)
            {
                throw new KeyFormatException(all, $"{a} overlaps {b}");
            }

            int c = KeyBytes.CompareLeftAligned(a.End, b.Start);
            if (c < 0)
            {
                throw new KeyFormatException(all, $"gap between {a} and {b}");
            }

            if (c > 0)
            {
                throw new KeyFormatException(all, $"{a} overlaps {b}");
            }
        }

        if (sorted[^1].HasEnd)
        {
            throw new KeyFormatException(all, $"gap after {sorted[^1]}: the last shard must end at the max key");
        }
    }
}
