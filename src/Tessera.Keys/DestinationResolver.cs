namespace Tessera.Keys;

// Turns a Destination into the names of the shards it touches, over one keyspace's ordered
// serving shards. Immutable: build a new one when the serving graph changes.
// Vitess: key.Destination.Resolve.
public sealed class DestinationResolver
{
    private readonly ShardKeyRange[] _shards;
    private readonly Func<int, int> _pickAny;

    // pickAny chooses the index for DestinationAnyShard given the shard count; defaults to the
    // first shard so plans are deterministic (the gate may pass a random picker to spread load).
    public DestinationResolver(IEnumerable<ShardKeyRange> shards, Func<int, int>? pickAny = null)
    {
        ArgumentNullException.ThrowIfNull(shards);
        _shards = [.. shards];
        _pickAny = pickAny ?? (_ => 0);
    }

    public static DestinationResolver FromShardNames(IEnumerable<string> names, Func<int, int>? pickAny = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        return new DestinationResolver(names.Select(ShardKeyRange.Parse), pickAny);
    }

    public IReadOnlyList<ShardKeyRange> Shards => _shards;

    public IReadOnlyList<string> Resolve(Destination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        switch (destination)
        {
            case DestinationShard s:
                return [FindShard(s.Shard)];
            case DestinationKeyRange kr:
                return [.. _shards.Where(s => s.Range.Intersects(kr.Range)).Select(s => s.Name)];
            case DestinationKeyspaceId id:
                return [ShardFor(id.Id)];
            case DestinationKeyspaceIds ids:
                var names = new List<string>();
                foreach (KeyspaceId id in ids.Ids)
                {
                    string name = ShardFor(id);
                    if (!names.Contains(name))
                    {
                        names.Add(name);
                    }
                }

                return names;
            case DestinationAnyShard:
                if (_shards.Length == 0)
                {
                    throw new ShardResolutionException("no shards to choose from for DestinationAnyShard");
                }

                return [_shards[_pickAny(_shards.Length)].Name];
            case DestinationAllShards:
                return [.. _shards.Select(s => s.Name)];
            case DestinationNone:
                return [];
            default:
                throw new ArgumentException($"unknown destination {destination}", nameof(destination));
        }
    }

    // Several destinations at once (one per value of an IN list or per inserted row): each shard
    // touched, in shard order, with the indexes of the destinations that reach it. Vitess:
    // srvtopo.Resolver.ResolveDestinations.
    public IReadOnlyList<ShardValues> ResolveMany(IReadOnlyList<Destination> destinations)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        var byShard = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < destinations.Count; i++)
        {
            foreach (string shard in Resolve(destinations[i]))
            {
                if (!byShard.TryGetValue(shard, out List<int>? indexes))
                {
                    byShard[shard] = indexes = [];
                }

                indexes.Add(i);
            }
        }

        var result = new List<ShardValues>(byShard.Count);
        foreach (ShardKeyRange shard in _shards)
        {
            if (byShard.TryGetValue(shard.Name, out List<int>? indexes))
            {
                result.Add(new ShardValues(shard.Name, indexes));
            }
        }

        return result;
    }

    // The shard whose range holds the keyspace id.
    public string ShardFor(KeyspaceId id)
    {
        foreach (ShardKeyRange shard in _shards)
        {
            if (shard.Range.Contains(id))
            {
                return shard.Name;
            }
        }

        throw new ShardResolutionException(
            $"keyspace id {id} did not match any shard ({string.Join(",", _shards.Select(s => s.Name))})");
    }

    private string FindShard(string name)
    {
        foreach (ShardKeyRange shard in _shards)
        {
            if (string.Equals(shard.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return shard.Name;
            }
        }

        throw new ShardResolutionException(
            $"shard \"{name}\" does not exist (shards: {string.Join(",", _shards.Select(s => s.Name))})");
    }
}
