namespace Tessera.Keys;

// Where a query goes, before shards are known: a small closed set of immutable values, as
// Vitess's key.Destination. DestinationResolver turns one into shard names.
public abstract record Destination
{
    private protected Destination()
    {
    }
}

// One named shard (also how a `use keyspace/shard` target is expressed).
public sealed record DestinationShard(string Shard) : Destination
{
    public override string ToString() => $"DestinationShard({Shard})";
}

// Every shard whose range intersects this range.
public sealed record DestinationKeyRange(KeyRange Range) : Destination
{
    public override string ToString() => $"DestinationKeyRange({Range})";
}

// The one shard that holds this keyspace id.
public sealed record DestinationKeyspaceId(KeyspaceId Id) : Destination
{
    public override string ToString() => $"DestinationKeyspaceId({Id})";
}

// The shards that hold any of these keyspace ids.
public sealed record DestinationKeyspaceIds : Destination
{
    public DestinationKeyspaceIds(IReadOnlyList<KeyspaceId> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        Ids = ids.ToArray();
    }

    public IReadOnlyList<KeyspaceId> Ids { get; }

    public bool Equals(DestinationKeyspaceIds? other) => other is not null && Ids.SequenceEqual(other.Ids);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (KeyspaceId id in Ids)
        {
            hash.Add(id);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => $"DestinationKeyspaceIds({string.Join(",", Ids)})";
}

// Any single shard: for queries any shard can answer (e.g. reference tables, `select 1`).
public sealed record DestinationAnyShard : Destination
{
    public static DestinationAnyShard Instance { get; } = new();

    public override string ToString() => "DestinationAnyShard()";
}

// Every shard of the keyspace (scatter).
public sealed record DestinationAllShards : Destination
{
    public static DestinationAllShards Instance { get; } = new();

    public override string ToString() => "DestinationAllShards()";
}

// No shard: a value that maps nowhere (NULL, or a lookup miss) — the query touches nothing.
public sealed record DestinationNone : Destination
{
    public static DestinationNone Instance { get; } = new();

    public override string ToString() => "DestinationNone()";
}
