using Tessera.Keys;
using Tessera.Topo.Backend;

namespace Tessera.Topo;

// Two sets of shards covering the same key space in different ways, e.g. {-80, 80-} and {0}:
// the source and target of a resharding (Vitess's topo.OverlappingShards). Which side is the
// source is told by is_primary_serving, not by the side: Left is the side holding the shard
// that sorts first by key range (Vitess leaves the order to map iteration; here it is stable).
public sealed record OverlappingShards(IReadOnlyList<ShardInfo> Left, IReadOnlyList<ShardInfo> Right)
{
    public bool ContainsShard(string shardName) =>
        Left.Any(s => s.ShardName == shardName) || Right.Any(s => s.ShardName == shardName);

    // Vitess's findOverlappingShards: grow a left and a right set by alternately pulling in the
    // shards that intersect the other side; keep the pair if both sides are hole-free and span
    // the same range. A shard intersecting both sides is an error (three-way overlap).
    public static IReadOnlyList<OverlappingShards> Find(IEnumerable<ShardInfo> shards)
    {
        var remaining = shards.ToList();
        remaining.Sort(TopoServer.CompareByKeyRange);
        var result = new List<OverlappingShards>();
        while (remaining.Count > 0)
        {
            var left = new List<ShardInfo> { remaining[0] };
            var right = new List<ShardInfo>();
            remaining.RemoveAt(0);
            while (true)
            {
                var found = false;
                if (TakeIntersecting(remaining, left) is { } r)
                {
                    ThrowIfIntersects(r, right);
                    right.Add(r);
                    found = true;
                }
                if (TakeIntersecting(remaining, right) is { } l)
                {
                    ThrowIfIntersects(l, left);
                    left.Add(l);
                    found = true;
                }
                if (!found)
                    break;
            }
            if (right.Count == 0)
                continue;
            left.Sort(TopoServer.CompareByKeyRange);
            right.Sort(TopoServer.CompareByKeyRange);
            if (HasHoles(left) || HasHoles(right))
                continue;
            if (!BoundEqual(left[0].KeyRange.Start, right[0].KeyRange.Start)
                || !BoundEqual(left[^1].KeyRange.End, right[^1].KeyRange.End))
                continue;
            result.Add(new OverlappingShards(left, right));
        }
        return result;
    }

    private static ShardInfo? TakeIntersecting(List<ShardInfo> remaining, List<ShardInfo> side)
    {
        for (var i = 0; i < remaining.Count; i++)
        {
            if (side.Any(s => s.KeyRange.Intersects(remaining[i].KeyRange)))
            {
                var found = remaining[i];
                remaining.RemoveAt(i);
                return found;
            }
        }
        return null;
    }

    private static void ThrowIfIntersects(ShardInfo shard, List<ShardInfo> side)
    {
        if (side.Any(s => s.KeyRange.Intersects(shard.KeyRange)))
        {
            throw new TopoException(TopoErrorCode.BadData, shard.ToString(),
                $"shard '{shard}' intersects with more than one shard, this is not supported");
        }
    }

    private static bool HasHoles(List<ShardInfo> side)
    {
        for (var i = 0; i + 1 < side.Count; i++)
        {
            if (!BoundEqual(side[i].KeyRange.End, side[i + 1].KeyRange.Start))
                return true;
        }
        return false;
    }

    // Bounds compare left-aligned (0x80 == 0x8000); an empty end means "no end" and only equals
    // another empty end, which the empty-start case shares.
    private static bool BoundEqual(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a.IsEmpty == b.IsEmpty && KeyRange.Create(a, []) == KeyRange.Create(b, []);
}
